package dev.parley.loadtest.accounting;

/**
 * What happened to the messages of a phase. {@code unacked}: sent but neither acknowledged nor
 * refused by the end; {@code rejected}: answered with an error; {@code lost}: acknowledged but not
 * delivered to a receiver by the end (counted once per missing delivery).
 */
public record Tally(long sent, long acked, long rejected, long unacked, long delivered, long duplicates,
                    long reordered, long lost) {

    public static final Tally ZERO = new Tally(0, 0, 0, 0, 0, 0, 0, 0);

    public Tally plus(Tally other) {
        return new Tally(sent + other.sent, acked + other.acked, rejected + other.rejected, unacked + other.unacked,
                delivered + other.delivered, duplicates + other.duplicates, reordered + other.reordered,
                lost + other.lost);
    }
}
