package dev.parley.loadtest.run;

import dev.parley.loadtest.LoadTestException;
import dev.parley.loadtest.probe.Footprint;
import dev.parley.loadtest.probe.ServerProbe;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Drives the workers in step: all connect, the server is measured, all start together; after each
 * phase their results are merged and {@code goOn} decides whether the next phase runs.
 */
public final class Coordinator {
    private final List<WorkerHandle> workers;
    private final Optional<ServerProbe> probe;
    private final ProgressLine progress;
    private final Progress[] latest;
    private final long startNanos = System.nanoTime();
    private volatile String stage = "connecting";
    private long lastAcked;

    public Coordinator(List<WorkerHandle> workers, Optional<ServerProbe> probe, ProgressLine progress) {
        this.workers = List.copyOf(workers);
        this.probe = probe;
        this.progress = progress;
        this.latest = new Progress[workers.size()];
        java.util.Arrays.fill(latest, Progress.NONE);
    }

    /** {@code before}: the server's footprint measured before any worker started connecting (null if not watched). */
    public RunOutcome run(Footprint before, Predicate<PhaseOutcome> goOn) {
        try (ProgressLine.Ticker ignored = progress.every(this::line)) {
            awaitAll(WorkerEvent.Ready.class);
            Footprint connected = probe.map(ServerProbe::footprint).orElse(null);
            stage = "running";
            List<PhaseOutcome> phases = new ArrayList<>();
            Double cpuAtStart = probe.map(ServerProbe::cpuSeconds).orElse(null);
            workers.forEach(w -> w.command(true));
            while (true) {
                List<WorkerEvent> ends = awaitAll(null);
                if (ends.stream().allMatch(WorkerEvent.Finished.class::isInstance)) {
                    return new RunOutcome(phases, workers.size(), before, connected);
                }
                if (!ends.stream().allMatch(WorkerEvent.PhaseDone.class::isInstance)) {
                    throw new LoadTestException("Workers disagree on the number of phases: " + ends);
                }
                PhaseResult merged = ends.stream().map(e -> ((WorkerEvent.PhaseDone) e).result())
                        .reduce(PhaseResult::merge).orElseThrow();
                Double cpuNow = probe.map(ServerProbe::cpuSeconds).orElse(null);
                PhaseOutcome outcome = new PhaseOutcome(merged, cpuNow == null ? null : cpuNow - cpuAtStart);
                phases.add(outcome);
                boolean next = goOn.test(outcome);
                cpuAtStart = probe.map(ServerProbe::cpuSeconds).orElse(null);
                workers.forEach(w -> w.command(next));
            }
        } finally {
            workers.forEach(WorkerHandle::close);
        }
    }

    /**
     * Waits for each worker's next event other than progress: of {@code type}, or any when null.
     * A failed worker fails the run.
     */
    private List<WorkerEvent> awaitAll(Class<? extends WorkerEvent> type) {
        List<WorkerEvent> got = new ArrayList<>();
        for (int i = 0; i < workers.size(); i++) {
            got.add(null);
        }
        int pending = workers.size();
        while (pending > 0) {
            for (int i = 0; i < workers.size(); i++) {
                if (got.get(i) != null) {
                    continue;
                }
                WorkerEvent event;
                try {
                    event = workers.get(i).events().poll(50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LoadTestException("Interrupted");
                }
                switch (event) {
                    case null -> {
                    }
                    case WorkerEvent.Reported r -> latest[i] = r.progress();
                    case WorkerEvent.Failed f -> throw new LoadTestException(f.message());
                    case WorkerEvent.Ready r -> {
                        got.set(i, r);
                        pending--;
                    }
                    case WorkerEvent.PhaseDone p -> {
                        got.set(i, p);
                        pending--;
                    }
                    case WorkerEvent.Finished f -> {
                        got.set(i, f);
                        pending--;
                    }
                }
                if (type != null && got.get(i) != null && !type.isInstance(got.get(i))) {
                    throw new LoadTestException("Worker " + i + " sent " + got.get(i) + " where " + type.getSimpleName() + " was due");
                }
            }
        }
        return got;
    }

    private String line() {
        Progress sum = Progress.NONE;
        for (Progress p : latest) {
            sum = sum.plus(p);
        }
        long rate = sum.acked() - lastAcked;
        lastAcked = sum.acked();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
        return String.format("[%4d s] %s: %d sockets%s | sent %d acked %d delivered %d | %d msg/s | deliver p99 %.2f ms",
                seconds, stage, sum.connections(), sum.reconnecting() > 0 ? " (" + sum.reconnecting() + " reconnecting)" : "",
                sum.sent(), sum.acked(), sum.delivered(), rate, sum.p99Micros() / 1000.0);
    }
}
