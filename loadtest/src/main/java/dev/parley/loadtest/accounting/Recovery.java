package dev.parley.loadtest.accounting;

/**
 * How careful clients ({@code --reconnect}) got over outages in a phase: {@code resends}, send frames
 * put on the wire again (after a lost socket or a refusal for now); {@code redelivered}, entries that
 * came again after they were applied and were ignored, as a client must (not duplicates: nothing was
 * stored twice); {@code syncedDeliveries}, deliveries applied from a sync rather than a live push.
 */
public record Recovery(long resends, long redelivered, long syncedDeliveries) {
    public static final Recovery ZERO = new Recovery(0, 0, 0);

    public Recovery plus(Recovery other) {
        return new Recovery(resends + other.resends, redelivered + other.redelivered,
                syncedDeliveries + other.syncedDeliveries);
    }
}
