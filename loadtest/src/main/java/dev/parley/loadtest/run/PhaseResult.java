package dev.parley.loadtest.run;

import dev.parley.loadtest.accounting.LatencyMetric;
import dev.parley.loadtest.accounting.Recovery;
import dev.parley.loadtest.accounting.Tally;
import org.HdrHistogram.Histogram;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one worker measured in one phase (a ramp step; the whole run elsewhere), mergeable with the
 * other workers' results of the same phase. Histograms are encoded ({@link HistogramText}) by
 * {@link Metric#key()}; epoch times in microseconds are comparable across processes. {@code recovery}
 * is null unless the clients were careful ({@code --reconnect}).
 */
public record PhaseResult(int phase, double offeredRate, double seconds, long connections, long drops, Tally tally,
                          Map<String, String> histograms, Long firstReconnectMicros, Long caughtUpMicros,
                          Recovery recovery) {

    public PhaseResult {
        histograms = Map.copyOf(histograms);
    }

    public static Map<String, String> encode(Map<Metric, Histogram> histograms) {
        Map<String, String> encoded = new HashMap<>();
        histograms.forEach((metric, h) -> encoded.put(metric.key(), HistogramText.encode(h)));
        return encoded;
    }

    public Optional<Histogram> histogram(Metric metric) {
        return Optional.ofNullable(histograms.get(metric.key())).map(HistogramText::decode);
    }

    public PhaseResult merge(PhaseResult other) {
        Map<String, String> merged = new HashMap<>(histograms);
        other.histograms.forEach((key, text) -> merged.merge(key, text, (a, b) -> {
            Histogram sum = LatencyMetric.empty();
            sum.add(HistogramText.decode(a));
            sum.add(HistogramText.decode(b));
            return HistogramText.encode(sum);
        }));
        return new PhaseResult(phase, offeredRate + other.offeredRate, Math.max(seconds, other.seconds),
                connections + other.connections, drops + other.drops, tally.plus(other.tally), merged,
                min(firstReconnectMicros, other.firstReconnectMicros), max(caughtUpMicros, other.caughtUpMicros),
                recovery == null ? other.recovery : other.recovery == null ? recovery : recovery.plus(other.recovery));
    }

    private static Long min(Long a, Long b) {
        return a == null ? b : b == null ? a : Long.valueOf(Math.min(a, b));
    }

    private static Long max(Long a, Long b) {
        return a == null ? b : b == null ? a : Long.valueOf(Math.max(a, b));
    }
}
