package dev.parley.server.realtime;

/**
 * A token bucket per socket: {@code burst} frames at once, refilled at {@code perSecond}. Not
 * thread-safe: a socket's frames arrive on one thread.
 */
final class FrameRateLimiter {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    FrameRateLimiter(int perSecond, int burst) {
        this.perNano = perSecond / 1_000_000_000.0;
        this.burst = burst;
        this.tokens = burst;
        this.last = System.nanoTime();
    }

    boolean tryAcquire() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
