package dev.parley.loadtest.run;

import dev.parley.loadtest.LoadTestException;
import dev.parley.protocol.codec.JsonCodec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A worker in a process of its own (this same tool, in its hidden {@code worker} mode): each process
 * may hold at most 20,000 open files, so more sockets need more processes.
 */
public final class ProcessWorker implements WorkerHandle {
    private final BlockingQueue<WorkerEvent> events = new LinkedBlockingQueue<>();
    private final Process process;
    private final PrintStream commands;

    public ProcessWorker(Path planFile, int index, int count, List<String> options, JsonCodec codec) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:+UseCompactObjectHeaders");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.parley.loadtest.Main");
        command.add("worker");
        command.add(planFile.toString());
        command.add(String.valueOf(index));
        command.add(String.valueOf(count));
        command.addAll(options);
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new LoadTestException("Cannot start worker process " + index + ": " + e.getMessage(), e);
        }
        commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().name("worker-" + index + "-reader").start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    WorkerEvent event = WorkerPipe.decode(line, codec);
                    if (event != null) {
                        events.add(event);
                    } else {
                        System.err.println("[worker " + index + "] " + line);
                    }
                }
            } catch (IOException | RuntimeException e) {
                events.add(new WorkerEvent.Failed("Worker " + index + " sent something unreadable: " + e));
            }
            try {
                int exit = process.waitFor();
                if (exit != 0) {
                    events.add(new WorkerEvent.Failed("Worker process " + index + " exited with " + exit));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    @Override
    public BlockingQueue<WorkerEvent> events() {
        return events;
    }

    @Override
    public void command(boolean go) {
        commands.println(WorkerPipe.command(go));
    }

    @Override
    public void close() {
        commands.close();
        process.destroy();
    }
}
