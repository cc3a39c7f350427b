package dev.parley.loadtest.accounting;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One latency, recorded from many threads in microseconds. Progress reads the last interval (for a
 * live p99); every interval is also added to the whole run's histogram.
 */
public final class LatencyMetric {
    /** An hour: anything slower is recorded as an hour. */
    public static final long HIGHEST_MICROS = 3_600_000_000L;

    private final Recorder recorder = new Recorder(HIGHEST_MICROS, 3);
    private final Histogram total = new Histogram(HIGHEST_MICROS, 3);
    private Histogram recycled;

    public void recordNanos(long nanos) {
        recorder.recordValue(Math.clamp(nanos / 1000, 0, HIGHEST_MICROS));
    }

    /** The values recorded since the last call (also kept in the total). */
    public synchronized Histogram interval() {
        Histogram interval = recorder.getIntervalHistogram(recycled);
        total.add(interval);
        recycled = interval;
        return interval.copy();
    }

    public synchronized Histogram total() {
        interval();
        return total.copy();
    }

    public static Histogram empty() {
        return new Histogram(HIGHEST_MICROS, 3);
    }
}
