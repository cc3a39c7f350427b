package dev.parley.loadtest.scenario;

import dev.parley.loadtest.run.OpenLoop;

import java.time.Duration;

/**
 * Load before the measured phases, booked under phase {@value #PHASE} and never reported: the first
 * seconds of a JVM (client and server) measure the JIT, not the server.
 */
final class Warmup {
    static final int PHASE = -1;

    private Warmup() {
    }

    static void run(Traffic traffic, double rate, Duration length, OpenLoop.Fire fire) {
        if (length.isZero()) {
            return;
        }
        System.err.println("warming up for " + length.toSeconds() + " s at " + Math.round(rate) + " msg/s (not measured)");
        OpenLoop.run(rate, length, fire);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!traffic.books(PHASE).ledger().drained() && System.nanoTime() < deadline) {
            Phases.sleep(20);
        }
    }
}
