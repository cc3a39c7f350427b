package dev.parley.loadtest.scenario;

import dev.parley.loadtest.accounting.LatencyMetric;
import dev.parley.loadtest.accounting.Ledger;
import dev.parley.loadtest.accounting.RecoveryCounter;
import dev.parley.loadtest.run.Metric;
import org.HdrHistogram.Histogram;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.IntFunction;

/** One phase's ledger and latencies; {@code recovery} is null unless the clients are careful ({@code --reconnect}). */
record Books(Ledger ledger, Map<Metric, LatencyMetric> latencies, RecoveryCounter recovery) {

    static Books of(IntFunction<int[]> receiversOf, Metric... metrics) {
        return new Books(new Ledger(receiversOf), latencies(metrics), null);
    }

    /** The books of careful clients: acks, deliveries and reconnects timed, and how they recovered. */
    static Books careful(IntFunction<int[]> receiversOf) {
        return new Books(new Ledger(receiversOf), latencies(Metric.ACK, Metric.DELIVER, Metric.RECONNECT),
                new RecoveryCounter());
    }

    private static Map<Metric, LatencyMetric> latencies(Metric... metrics) {
        Map<Metric, LatencyMetric> latencies = new EnumMap<>(Metric.class);
        for (Metric metric : metrics) {
            latencies.put(metric, new LatencyMetric());
        }
        return latencies;
    }

    LatencyMetric latency(Metric metric) {
        return latencies.get(metric);
    }

    Map<Metric, Histogram> totals() {
        Map<Metric, Histogram> totals = new EnumMap<>(Metric.class);
        latencies.forEach((metric, latency) -> totals.put(metric, latency.total()));
        return totals;
    }
}
