package dev.parley.server.messaging;

import dev.parley.protocol.ids.ConversationId;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Pushes each conversation's new log entries to devices in seq order, although the transactions that
 * wrote them finish on different threads. A writer reserves a slot while it holds the conversation's
 * row lock, so slots are reserved in seq order; after its commit it fills the slot with the delivery
 * (or cancels it after a rollback), and deliveries run strictly in slot order.
 */
public final class OrderedDelivery {
    private static final Logger LOG = Logger.getLogger(OrderedDelivery.class.getName());

    private final ConcurrentMap<ConversationId, Lane> lanes = new ConcurrentHashMap<>();

    private static final class Lane {
        private final ConversationId conversation;
        private final Deque<Slot> slots = new ArrayDeque<>();
        private boolean retired;

        private Lane(ConversationId conversation) {
            this.conversation = conversation;
        }
    }

    /** One reserved place in a conversation's delivery order. Resolve it exactly once. */
    public final class Slot {
        private final Lane lane;
        private boolean resolved;
        private Runnable delivery;

        private Slot(Lane lane) {
            this.lane = lane;
        }

        /** The entry is committed: run {@code delivery} once every earlier slot is resolved. */
        public void deliver(Runnable delivery) {
            resolve(this, delivery);
        }

        /** The entry was not committed: nothing to deliver. */
        public void cancel() {
            resolve(this, null);
        }
    }

    /** Call while holding the conversation's row lock, before committing. */
    public Slot reserve(ConversationId conversation) {
        while (true) {
            Lane lane = lanes.computeIfAbsent(conversation, Lane::new);
            synchronized (lane) {
                if (!lane.retired) {
                    Slot slot = new Slot(lane);
                    lane.slots.addLast(slot);
                    return slot;
                }
            }
        }
    }

    private void resolve(Slot slot, Runnable delivery) {
        Lane lane = slot.lane;
        synchronized (lane) {
            if (slot.resolved) {
                throw new IllegalStateException("A delivery slot is resolved once");
            }
            slot.resolved = true;
            slot.delivery = delivery;
            while (!lane.slots.isEmpty() && lane.slots.peekFirst().resolved) {
                Runnable next = lane.slots.pollFirst().delivery;
                if (next != null) {
                    try {
                        next.run();
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "Live delivery in " + lane.conversation
                                + " failed; devices get the entry by sync", e);
                    }
                }
            }
            if (lane.slots.isEmpty()) {
                lane.retired = true;
                lanes.remove(lane.conversation, lane);
            }
        }
    }
}
