package dev.parley.loadtest.run;

/** How a worker's scenario talks to the coordinator, in this process or across a pipe. */
public interface Control {
    /** Every socket is open; blocks until the coordinator says go. */
    void ready();

    /** A phase ended; blocks until the coordinator says whether to run the next one. */
    boolean phaseDone(PhaseResult result);

    void progress(Progress progress);
}
