package dev.parley.loadtest.run;

/** What a worker tells the coordinator. */
public sealed interface WorkerEvent {
    record Ready() implements WorkerEvent {
    }

    record Reported(Progress progress) implements WorkerEvent {
    }

    record PhaseDone(PhaseResult result) implements WorkerEvent {
    }

    record Finished() implements WorkerEvent {
    }

    record Failed(String message) implements WorkerEvent {
    }
}
