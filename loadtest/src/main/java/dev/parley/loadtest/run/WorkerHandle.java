package dev.parley.loadtest.run;

import java.util.concurrent.BlockingQueue;

/** The coordinator's end of one worker. */
public interface WorkerHandle extends AutoCloseable {
    /** Events in the order the worker sent them. */
    BlockingQueue<WorkerEvent> events();

    /** {@code true}: go on (start, or run the next phase); {@code false}: stop. */
    void command(boolean go);

    @Override
    void close();
}
