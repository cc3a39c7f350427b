package dev.parley.loadtest.run;

import dev.parley.protocol.codec.JsonCodec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The line protocol between a worker process and the coordinator. The worker writes
 * {@code READY}, {@code PROGRESS <json>}, {@code PHASE <json>}, {@code DONE} or {@code FAILED <message>}
 * to its stdout; the coordinator answers {@code GO} or {@code STOP} on the worker's stdin.
 */
public final class WorkerPipe {
    private static final String READY = "READY";
    private static final String PROGRESS = "PROGRESS ";
    private static final String PHASE = "PHASE ";
    private static final String DONE = "DONE";
    private static final String FAILED = "FAILED ";

    private WorkerPipe() {
    }

    public static String encode(WorkerEvent event, JsonCodec codec) {
        return switch (event) {
            case WorkerEvent.Ready ignored -> READY;
            case WorkerEvent.Reported r -> PROGRESS + codec.encode(r.progress());
            case WorkerEvent.PhaseDone p -> PHASE + codec.encode(p.result());
            case WorkerEvent.Finished ignored -> DONE;
            case WorkerEvent.Failed f -> FAILED + f.message().replace('\n', ' ');
        };
    }

    /** The event of a line, or null for a line that is not part of the protocol. */
    public static WorkerEvent decode(String line, JsonCodec codec) {
        if (line.equals(READY)) {
            return new WorkerEvent.Ready();
        }
        if (line.equals(DONE)) {
            return new WorkerEvent.Finished();
        }
        if (line.startsWith(PROGRESS)) {
            return new WorkerEvent.Reported(codec.decode(line.substring(PROGRESS.length()), Progress.class));
        }
        if (line.startsWith(PHASE)) {
            return new WorkerEvent.PhaseDone(codec.decode(line.substring(PHASE.length()), PhaseResult.class));
        }
        if (line.startsWith(FAILED)) {
            return new WorkerEvent.Failed(line.substring(FAILED.length()));
        }
        return null;
    }

    /** The worker process's end: events to stdout, commands from stdin. */
    public static Control control(PrintStream out, InputStream in, JsonCodec codec) {
        BufferedReader commands = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        return new Control() {
            @Override
            public void ready() {
                emit(new WorkerEvent.Ready());
                if (!await()) {
                    throw new dev.parley.loadtest.LoadTestException("stopped");
                }
            }

            @Override
            public boolean phaseDone(PhaseResult result) {
                emit(new WorkerEvent.PhaseDone(result));
                return await();
            }

            @Override
            public void progress(Progress progress) {
                emit(new WorkerEvent.Reported(progress));
            }

            private void emit(WorkerEvent event) {
                synchronized (out) {
                    out.println(encode(event, codec));
                    out.flush();
                }
            }

            private boolean await() {
                try {
                    return "GO".equals(commands.readLine());
                } catch (IOException e) {
                    return false;
                }
            }
        };
    }

    public static String command(boolean go) {
        return go ? "GO" : "STOP";
    }
}
