package dev.parley.loadtest.run;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed-rate schedule that never waits for answers: message i is due at start + i/rate, and is
 * stamped with that intended time even when the sender falls behind, so a slow server shows up as
 * latency instead of as a lower rate (no coordinated omission).
 */
public final class OpenLoop {
    private OpenLoop() {
    }

    @FunctionalInterface
    public interface Fire {
        void fire(long index, long intendedNanos);
    }

    /** Fires {@code rate × duration} times on this thread; returns how many. */
    public static long run(double ratePerSecond, Duration duration, Fire fire) {
        long start = System.nanoTime();
        double period = 1e9 / ratePerSecond;
        long total = (long) Math.floor(ratePerSecond * duration.toNanos() / 1e9);
        for (long i = 0; i < total; i++) {
            long intended = start + (long) (i * period);
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (Thread.currentThread().isInterrupted()) {
                return i;
            }
            fire.fire(i, intended);
        }
        return total;
    }
}
