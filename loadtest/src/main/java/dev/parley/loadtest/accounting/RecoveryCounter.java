package dev.parley.loadtest.accounting;

import java.util.concurrent.atomic.LongAdder;

/** Counts a phase's {@link Recovery} from many threads. */
public final class RecoveryCounter {
    private final LongAdder resends = new LongAdder();
    private final LongAdder redelivered = new LongAdder();
    private final LongAdder syncedDeliveries = new LongAdder();

    public void resent() {
        resends.increment();
    }

    public void redelivered() {
        redelivered.increment();
    }

    public void deliveredBySync() {
        syncedDeliveries.increment();
    }

    public Recovery tally() {
        return new Recovery(resends.sum(), redelivered.sum(), syncedDeliveries.sum());
    }
}
