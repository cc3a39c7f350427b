package dev.parley.loadtest.run;

import dev.parley.loadtest.LoadTestException;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;

/** A worker on a thread of this process: the run needs no more sockets than one process holds. */
public final class InProcessWorker implements WorkerHandle {
    private final BlockingQueue<WorkerEvent> events = new LinkedBlockingQueue<>();
    private final SynchronousQueue<Boolean> commands = new SynchronousQueue<>();
    private final Thread thread;

    public InProcessWorker(ScenarioWorker worker, Plan plan) {
        Control control = new Control() {
            @Override
            public void ready() {
                events.add(new WorkerEvent.Ready());
                if (!await()) {
                    throw new LoadTestException("stopped");
                }
            }

            @Override
            public boolean phaseDone(PhaseResult result) {
                events.add(new WorkerEvent.PhaseDone(result));
                return await();
            }

            @Override
            public void progress(Progress progress) {
                events.add(new WorkerEvent.Reported(progress));
            }
        };
        thread = Thread.ofPlatform().name("worker").daemon().unstarted(() -> {
            try {
                worker.run(plan, control);
                events.add(new WorkerEvent.Finished());
            } catch (LoadTestException e) {
                events.add(new WorkerEvent.Failed(e.getMessage()));
            } catch (Exception | Error e) {
                events.add(new WorkerEvent.Failed("The worker failed: " + e));
                e.printStackTrace(System.err);
            }
        });
        thread.start();
    }

    private boolean await() {
        try {
            return commands.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public BlockingQueue<WorkerEvent> events() {
        return events;
    }

    @Override
    public void command(boolean go) {
        try {
            commands.put(go);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
