package dev.parley.loadtest.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.loadtest.accounting.Recovery;
import dev.parley.loadtest.accounting.Tally;
import dev.parley.loadtest.probe.Footprint;
import dev.parley.loadtest.run.Metric;
import dev.parley.loadtest.run.PhaseOutcome;
import dev.parley.loadtest.run.PhaseResult;
import dev.parley.loadtest.run.RunOutcome;
import org.HdrHistogram.Histogram;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** Turns merged phase results into report lines. */
public final class Reports {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Reports() {
    }

    public static String json(Report report) {
        try {
            return JSON.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Report read(String line) {
        try {
            return JSON.readValue(line, Report.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a report line: " + line, e);
        }
    }

    /** A ramp step's line (server memory is in the final line only). */
    public static Report step(String scenario, int workers, PhaseOutcome step, boolean passed) {
        PhaseResult r = step.result();
        return line(scenario, r.phase() + 1, passed, workers, r, step.serverCpuSeconds(), r.offeredRate(), null,
                null, null, r.connections());
    }

    /**
     * The final line: all phases merged. {@code offeredRate} is the rate asked for ({@code ramp}: the
     * highest passing step, also in {@code highest_passing_rate}).
     */
    public static Report summary(String scenario, RunOutcome outcome, Double offeredRate, Double highestPassing) {
        List<PhaseOutcome> phases = outcome.phases();
        PhaseResult all = phases.stream().map(PhaseOutcome::result).reduce(Reports::afterwards).orElseThrow();
        Double cpu = phases.stream().allMatch(p -> p.serverCpuSeconds() != null)
                ? phases.stream().mapToDouble(PhaseOutcome::serverCpuSeconds).sum() : null;
        return line(scenario, null, null, outcome.workers(), all, cpu, offeredRate, highestPassing,
                outcome.before(), outcome.connected(), phases.getFirst().result().connections());
    }

    /** Two phases that ran one after the other: their lengths add up; their connections do not. */
    private static PhaseResult afterwards(PhaseResult a, PhaseResult b) {
        PhaseResult merged = a.merge(b);
        return new PhaseResult(a.phase(), a.offeredRate(), a.seconds() + b.seconds(), a.connections(),
                merged.drops(), merged.tally(), merged.histograms(), merged.firstReconnectMicros(), merged.caughtUpMicros(),
                merged.recovery());
    }

    private static Report line(String scenario, Integer step, Boolean passed, int workers, PhaseResult r, Double cpu,
                               Double offeredRate, Double highestPassing, Footprint before, Footprint connected,
                               long connections) {
        Tally t = r.tally();
        Optional<Histogram> ack = r.histogram(Metric.ACK);
        Optional<Histogram> deliver = r.histogram(Metric.DELIVER);
        Optional<Histogram> last = r.histogram(Metric.LAST_MEMBER);
        Optional<Histogram> catchUp = r.histogram(Metric.CATCH_UP);
        Optional<Histogram> reconnect = r.histogram(Metric.RECONNECT);
        Recovery recovery = r.recovery();
        boolean sending = t.sent() > 0;
        boolean footprint = before != null && connected != null && connections > 0;
        Double catchUpSeconds = r.firstReconnectMicros() == null || r.caughtUpMicros() == null ? null
                : round((r.caughtUpMicros() - r.firstReconnectMicros()) / 1e6);
        return new Report(scenario, step, passed, connections, workers, sending ? offeredRate : null,
                sending && r.seconds() > 0 ? round(t.acked() / r.seconds()) : null, round(r.seconds()),
                t.sent(), t.acked(), t.delivered(), t.lost(), t.unacked(), t.rejected(), t.duplicates(), t.reordered(),
                r.drops(),
                recovery == null ? null : reconnect.map(Histogram::getTotalCount).orElse(0L),
                millis(reconnect, 50), millis(reconnect, 100),
                recovery == null ? null : recovery.resends(),
                recovery == null ? null : recovery.redelivered(),
                recovery == null ? null : recovery.syncedDeliveries(),
                millis(ack, 50), millis(ack, 99), millis(ack, 100),
                millis(deliver, 50), millis(deliver, 99), millis(deliver, 100),
                millis(last, 50), millis(last, 99), millis(last, 100),
                catchUpSeconds, millis(catchUp, 99), highestPassing,
                footprint ? round((connected.heapKib() - before.heapKib()) / (double) connections) : null,
                footprint ? round((connected.rssKib() - before.rssKib()) / (double) connections) : null,
                cpu != null && t.acked() > 0 ? round(cpu / (t.acked() / 1000.0)) : null);
    }

    private static Double millis(Optional<Histogram> histogram, double percentile) {
        return histogram.filter(h -> h.getTotalCount() > 0)
                .map(h -> round((percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile)) / 1000.0))
                .orElse(null);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
