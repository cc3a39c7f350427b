package dev.parley.loadtest.run;

import dev.parley.loadtest.probe.Footprint;

import java.util.List;

/** Everything a run measured: its phases, and the server's memory before and after connecting if watched. */
public record RunOutcome(List<PhaseOutcome> phases, int workers, Footprint before, Footprint connected) {
    public RunOutcome {
        phases = List.copyOf(phases);
    }
}
