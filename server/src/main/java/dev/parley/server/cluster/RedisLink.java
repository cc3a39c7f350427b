package dev.parley.server.cluster;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Whether this node's link to the other nodes (Redis) works, as its publisher and subscriber find it.
 * Logs each change once — not every failed attempt — and counts outages and dropped frames in the
 * metrics {@code parley.relay.outages} and {@code parley.relay.dropped}.
 */
final class RedisLink {
    private static final Logger LOG = Logger.getLogger(RedisLink.class.getName());

    private final AtomicBoolean up = new AtomicBoolean(true);
    private final AtomicLong droppedThisOutage = new AtomicLong();
    private final Counter outages = Metrics.getOrCreate(Counter.builder("parley.relay.outages")
            .description("Times a node lost its link to the other nodes (Redis); delivery went on locally"));
    private final Counter dropped = Metrics.getOrCreate(Counter.builder("parley.relay.dropped")
            .description("Frames for devices on other nodes dropped while Redis was unreachable; "
                    + "those devices catch up by sync"));

    boolean isUp() {
        return up.get();
    }

    /** A Redis call failed. True when this is the start of an outage. */
    boolean failed(String what, RuntimeException cause) {
        if (!up.compareAndSet(true, false)) {
            return false;
        }
        outages.increment();
        LOG.log(Level.WARNING, "Redis unreachable (" + what + ": " + cause.getMessage() + "). This node goes on "
                + "accepting, storing and delivering to its own devices; frames for devices on other nodes are "
                + "dropped until Redis answers again, and those devices then catch up by sync.");
        return true;
    }

    void dropped(int frames) {
        dropped.increment(frames);
        droppedThisOutage.addAndGet(frames);
    }

    /** A Redis call worked. True when this ends an outage. */
    boolean worked() {
        if (!up.compareAndSet(false, true)) {
            return false;
        }
        LOG.info("Redis reachable again: cross-node delivery resumed (" + droppedThisOutage.getAndSet(0)
                + " frames for other nodes were dropped meanwhile); devices are told to sync.");
        return true;
    }
}
