package dev.parley.loadtest.socket;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Waits between attempts: {@code first}, doubling with each failed attempt up to {@code max}. Each
 * wait is drawn between half and all of that, so sockets that dropped together do not all knock again
 * in the same millisecond.
 */
public record Backoff(Duration first, Duration max) {
    /** Reconnecting a socket: 100 ms doubling to 2 s. */
    public static final Backoff RECONNECT = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));

    public Backoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("need 0 < first <= max");
        }
    }

    /** The longest wait before attempt {@code attempt} (0: the first retry). */
    public long ceilingMillis(int attempt) {
        long ceiling = first.toMillis() << Math.min(attempt, 20);
        return Math.min(ceiling, max.toMillis());
    }

    public long delayMillis(int attempt) {
        long ceiling = ceilingMillis(attempt);
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }
}
