package dev.parley.loadtest.client;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.model.SyncCursor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one device holds of the conversations it follows, applied by seq as §12.3 asks. Per
 * conversation a cursor — every entry up to it is applied — and the entries that arrived beyond a gap,
 * kept until the gap is filled. An entry is applied exactly once, in seq order, whichever way it came
 * (live, sync, or both); the device's own messages are placed by their ack, since the server does not
 * push them back to the device that sent them.
 * <p>
 * Conversations it does not follow are never applied; their sync cursors are kept so that syncing
 * moves past them. Not thread-safe: its device calls it under its own lock.
 */
public final class Inbox {
    /** An entry applied now; {@code live} when it came as a {@code message} frame rather than by sync. */
    public record Applied(MessageView entry, boolean live) {
    }

    /**
     * What one arriving entry did: the entries applied because of it, in seq order; whether it was a
     * redelivery (applied or held already: ignored); whether it revealed a gap (held: sync).
     */
    public record Arrival(List<Applied> applied, boolean redelivery, boolean gap) {
        public Arrival {
            applied = List.copyOf(applied);
        }

        static final Arrival NOTHING = new Arrival(List.of(), false, false);
    }

    /** An entry beyond a gap; {@code entry} is null for the device's own message placed by its ack. */
    private record Held(MessageView entry, boolean live) {
    }

    private final Map<ConversationId, Long> cursors = new HashMap<>();
    private final Map<ConversationId, TreeMap<Long, Held>> beyondGap = new HashMap<>();
    private final Map<ConversationId, Long> others = new HashMap<>();

    /** {@code followed}: each conversation to apply, with the seq up to which the device holds it already. */
    public Inbox(Map<ConversationId, Long> followed) {
        cursors.putAll(followed);
        followed.keySet().forEach(id -> beyondGap.put(id, new TreeMap<>()));
    }

    /** An entry arrived: live ({@code message} frame) or in a {@code syncBatch}. */
    public Arrival offer(MessageView entry, boolean live) {
        return arrive(entry.conversationId(), entry.seq(), new Held(entry, live));
    }

    /** The server acknowledged this device's own message at {@code seq}. */
    public List<Applied> placed(ConversationId conversation, long seq) {
        return arrive(conversation, seq, new Held(null, false)).applied();
    }

    /**
     * A {@code syncBatch}'s cursors, after its entries were offered: the server says the device needs
     * nothing up to them, so a cursor can only move forwards (it would skip entries before the user
     * joined, which are never theirs).
     */
    public List<Applied> synced(List<SyncCursor> answer) {
        List<Applied> applied = new ArrayList<>();
        for (SyncCursor cursor : answer) {
            ConversationId id = cursor.conversationId();
            if (!cursors.containsKey(id)) {
                others.merge(id, cursor.afterSeq(), Math::max);
            } else if (cursor.afterSeq() > cursors.get(id)) {
                cursors.put(id, cursor.afterSeq());
                beyondGap.get(id).headMap(cursor.afterSeq(), true).clear();
                drain(id, applied);
            }
        }
        return applied;
    }

    /** Some followed conversation has entries held beyond a gap. */
    public boolean hasGap() {
        return beyondGap.values().stream().anyMatch(held -> !held.isEmpty());
    }

    /** Where to sync from: every conversation the device knows of. */
    public List<SyncCursor> cursors() {
        List<SyncCursor> all = new ArrayList<>();
        cursors.forEach((id, seq) -> all.add(SyncCursor.of(id, seq)));
        others.forEach((id, seq) -> all.add(SyncCursor.of(id, seq)));
        return all;
    }

    public long cursor(ConversationId conversation) {
        return cursors.getOrDefault(conversation, 0L);
    }

    private Arrival arrive(ConversationId id, long seq, Held held) {
        Long cursor = cursors.get(id);
        if (cursor == null) {
            return Arrival.NOTHING;
        }
        TreeMap<Long, Held> waiting = beyondGap.get(id);
        if (seq <= cursor || waiting.containsKey(seq)) {
            return new Arrival(List.of(), true, false);
        }
        if (seq > cursor + 1) {
            waiting.put(seq, held);
            return new Arrival(List.of(), false, true);
        }
        List<Applied> applied = new ArrayList<>();
        apply(id, seq, held, applied);
        drain(id, applied);
        return new Arrival(applied, false, false);
    }

    /** Applies the held entries that now follow the cursor without a gap. */
    private void drain(ConversationId id, List<Applied> applied) {
        TreeMap<Long, Held> waiting = beyondGap.get(id);
        while (!waiting.isEmpty() && waiting.firstKey() == cursors.get(id) + 1) {
            long seq = waiting.firstKey();
            apply(id, seq, waiting.remove(seq), applied);
        }
    }

    private void apply(ConversationId id, long seq, Held held, List<Applied> applied) {
        cursors.put(id, seq);
        if (held.entry() != null) {
            applied.add(new Applied(held.entry(), held.live()));
        }
    }
}
