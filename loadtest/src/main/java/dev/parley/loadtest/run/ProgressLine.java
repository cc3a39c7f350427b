package dev.parley.loadtest.run;

import java.io.PrintStream;
import java.util.function.Supplier;

/** Progress for people, on stderr, once a second; stdout stays for the JSON lines. */
public final class ProgressLine {
    private final PrintStream out;
    private final boolean quiet;

    public ProgressLine(PrintStream out, boolean quiet) {
        this.out = out;
        this.quiet = quiet;
    }

    public void say(String line) {
        if (!quiet) {
            out.println(line);
        }
    }

    /** Prints {@code line} every second until closed, and once more on closing. */
    public Ticker every(Supplier<String> line) {
        Thread thread = Thread.ofPlatform().daemon().name("progress").start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                say(line.get());
            }
        });
        return () -> {
            thread.interrupt();
            say(line.get());
        };
    }

    public interface Ticker extends AutoCloseable {
        @Override
        void close();
    }
}
