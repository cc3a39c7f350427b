package dev.parley.loadtest.accounting;

import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

/**
 * The books of one phase: which messages each sender sent and had acknowledged, and which of them
 * each receiver got. A stream is one (sender, receiver) pair; within it the sender's counter, and
 * within a receiver's conversation the seq, must only go up. Lost messages are counted at the end
 * against the receivers each sender's messages are meant for.
 */
public final class Ledger {
    private final IntFunction<int[]> receiversOf;
    private final Map<Integer, Sender> senders = new ConcurrentHashMap<>();
    private final Map<Long, Stream> streams = new ConcurrentHashMap<>();
    private final Map<Integer, Map<Object, Long>> lastSeqs = new ConcurrentHashMap<>();
    private final LongAdder sent = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder expectedDeliveries = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder reordered = new LongAdder();

    /** {@code receiversOf(sender)}: the participants that must get every message of that sender. */
    public Ledger(IntFunction<int[]> receiversOf) {
        this.receiversOf = receiversOf;
    }

    public void sent(int sender, long counter) {
        Sender s = senders.computeIfAbsent(sender, k -> new Sender());
        synchronized (s) {
            s.sent.set(Math.toIntExact(counter));
        }
        sent.increment();
    }

    public void acked(int sender, long counter) {
        Sender s = senders.computeIfAbsent(sender, k -> new Sender());
        synchronized (s) {
            if (s.acked.get(Math.toIntExact(counter))) {
                return;
            }
            s.acked.set(Math.toIntExact(counter));
        }
        acked.increment();
        expectedDeliveries.add(receiversOf.apply(sender).length);
    }

    public void rejected(int sender, long counter) {
        Sender s = senders.computeIfAbsent(sender, k -> new Sender());
        synchronized (s) {
            s.rejected.set(Math.toIntExact(counter));
        }
        rejected.increment();
    }

    /**
     * A receiver got a message. {@code conversation} and {@code seq} are where the server placed it.
     * Returns false for a duplicate (which must not count towards latency).
     */
    public boolean delivered(int receiver, int sender, long counter, Object conversation, long seq) {
        Stream stream = streams.computeIfAbsent(((long) sender << 32) | (receiver & 0xffffffffL), k -> new Stream());
        boolean backwards;
        synchronized (stream) {
            int c = Math.toIntExact(counter);
            if (stream.delivered.get(c)) {
                duplicates.increment();
                return false;
            }
            stream.delivered.set(c);
            backwards = counter < stream.highest;
            stream.highest = Math.max(stream.highest, counter);
        }
        Map<Object, Long> seqs = lastSeqs.computeIfAbsent(receiver, k -> new ConcurrentHashMap<>());
        Long previous = seqs.put(conversation, seq);
        if (backwards || previous != null && seq < previous) {
            reordered.increment();
        }
        if (previous != null && seq < previous) {
            seqs.put(conversation, previous);
        }
        delivered.increment();
        return true;
    }

    public long sentCount() {
        return sent.sum();
    }

    public long ackedCount() {
        return acked.sum();
    }

    public long answeredCount() {
        return acked.sum() + rejected.sum();
    }

    public long deliveredCount() {
        return delivered.sum();
    }

    /** Every acknowledged message reached every receiver it is meant for (so far as counts tell). */
    public boolean drained() {
        return answeredCount() >= sent.sum() && delivered.sum() >= expectedDeliveries.sum();
    }

    /** Counts so far; {@code lost} compares, message by message, what was acknowledged with what arrived. */
    public Tally tally() {
        long lost = 0;
        long unacked = 0;
        for (Map.Entry<Integer, Sender> entry : senders.entrySet()) {
            int sender = entry.getKey();
            BitSet ackedBySender;
            Sender s = entry.getValue();
            synchronized (s) {
                ackedBySender = (BitSet) s.acked.clone();
                BitSet open = (BitSet) s.sent.clone();
                open.andNot(s.acked);
                open.andNot(s.rejected);
                unacked += open.cardinality();
            }
            for (int receiver : receiversOf.apply(sender)) {
                Stream stream = streams.get(((long) sender << 32) | (receiver & 0xffffffffL));
                BitSet missing = (BitSet) ackedBySender.clone();
                if (stream != null) {
                    synchronized (stream) {
                        missing.andNot(stream.delivered);
                    }
                }
                lost += missing.cardinality();
            }
        }
        return new Tally(sent.sum(), acked.sum(), rejected.sum(), unacked, delivered.sum(), duplicates.sum(),
                reordered.sum(), lost);
    }

    private static final class Sender {
        final BitSet sent = new BitSet();
        final BitSet acked = new BitSet();
        final BitSet rejected = new BitSet();
    }

    private static final class Stream {
        final BitSet delivered = new BitSet();
        long highest = -1;
    }
}
