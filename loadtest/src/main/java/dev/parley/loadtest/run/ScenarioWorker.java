package dev.parley.loadtest.run;

/** A scenario's part that runs in a worker: connect the plan's participants, then do the phases. */
public interface ScenarioWorker {
    void run(Plan plan, Control control) throws Exception;
}
