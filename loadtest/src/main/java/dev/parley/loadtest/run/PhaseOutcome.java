package dev.parley.loadtest.run;

/** One phase merged over all workers, with the server CPU it cost when the server was watched. */
public record PhaseOutcome(PhaseResult result, Double serverCpuSeconds) {
}
