package dev.parley.loadtest.run;

/**
 * The process's clock for latencies: {@link System#nanoTime()} relative to a start, so stamped times
 * are small and positive. Senders and receivers of a message always share a process.
 */
public final class RunClock {
    private static final long ORIGIN = System.nanoTime();

    private RunClock() {
    }

    public static long toStamp(long nanoTime) {
        return nanoTime - ORIGIN;
    }

    public static long fromStamp(long stamped) {
        return stamped + ORIGIN;
    }

    public static long epochMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }
}
