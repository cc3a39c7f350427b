package dev.parley.loadtest.scenario;

import dev.parley.loadtest.accounting.LatencyMetric;
import dev.parley.loadtest.accounting.Ledger;
import dev.parley.loadtest.run.Control;
import dev.parley.loadtest.run.Devices;
import dev.parley.loadtest.run.Metric;
import dev.parley.loadtest.run.PhaseResult;
import dev.parley.loadtest.run.Progress;
import dev.parley.loadtest.run.ProgressLine;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Runs one phase's load while reporting progress, then waits for stragglers and sums up. */
final class Phases {
    private Phases() {
    }

    /** Runs {@code load}, then waits up to {@code drain} for {@code settled}; returns the seconds {@code load} took. */
    static double run(Control control, Devices devices, Books books, Runnable load, Duration drain, BooleanSupplier settled) {
        Ledger ledger = books.ledger();
        LatencyMetric deliver = books.latency(Metric.DELIVER);
        ProgressLine silent = new ProgressLine(System.err, true);
        long start = System.nanoTime();
        double seconds;
        try (ProgressLine.Ticker ignored = silent.every(() -> {
            long p99 = deliver == null ? 0 : deliver.interval().getValueAtPercentile(99);
            control.progress(new Progress(devices.openCount(), ledger.sentCount(), ledger.ackedCount(),
                    ledger.deliveredCount(), p99, devices.reconnectingCount()));
            return "";
        })) {
            load.run();
            seconds = (System.nanoTime() - start) / 1e9;
            long deadline = System.nanoTime() + drain.toNanos();
            while (!settled.getAsBoolean() && System.nanoTime() < deadline) {
                sleep(20);
            }
        }
        return seconds;
    }

    static PhaseResult result(int phase, double rate, double seconds, Devices devices, Books books) {
        return new PhaseResult(phase, rate, seconds, devices.openCount(), devices.drops(), books.ledger().tally(),
                PhaseResult.encode(books.totals()), null, null,
                books.recovery() == null ? null : books.recovery().tally());
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.parley.loadtest.LoadTestException("Interrupted");
        }
    }
}
