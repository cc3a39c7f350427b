package dev.parley.loadtest.run;

/**
 * A worker's running totals, reported once a second; {@code p99Micros} of deliveries in the last second;
 * {@code reconnecting}: participants whose socket dropped and is not open again yet.
 */
public record Progress(long connections, long sent, long acked, long delivered, long p99Micros, long reconnecting) {
    public static final Progress NONE = new Progress(0, 0, 0, 0, 0, 0);

    public Progress plus(Progress other) {
        return new Progress(connections + other.connections, sent + other.sent, acked + other.acked,
                delivered + other.delivered, Math.max(p99Micros, other.p99Micros), reconnecting + other.reconnecting);
    }
}
