package dev.parley.server.messaging;

import dev.parley.protocol.ids.ConversationId;

import java.util.Collection;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises this process's writers of one conversation's log until their commit has returned. The
 * database row lock already orders them; this also keeps a second writer from starting before the
 * first commit is complete on disk (embedded H2 can wake row-lock waiters before that), and it saves
 * the database from queueing lock waiters. Striped: conversations share a fixed set of locks.
 */
public final class ConversationLocks {
    private static final int STRIPES = 1024;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    public ConversationLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /**
     * Holds the locks of several conversations at once. Stripes are taken in ascending order, so two
     * holders of several never wait for each other in a circle.
     */
    public <T> T withLocks(Collection<ConversationId> conversations, Supplier<T> work) {
        int[] stripes = conversations.stream().mapToInt(ConversationLocks::stripe).distinct().sorted().toArray();
        int taken = 0;
        try {
            for (int stripe : stripes) {
                locks[stripe].lock();
                taken++;
            }
            return work.get();
        } finally {
            for (int i = taken - 1; i >= 0; i--) {
                locks[stripes[i]].unlock();
            }
        }
    }

    /** Which writer lane a conversation belongs to, when {@code lanes} divides the stripe count. */
    public static int lane(ConversationId conversation, int lanes) {
        return stripe(conversation) % lanes;
    }

    private static int stripe(ConversationId conversation) {
        return Math.floorMod(conversation.value().hashCode(), STRIPES);
    }

    public <T> T withLock(ConversationId conversation, Supplier<T> work) {
        ReentrantLock lock = locks[stripe(conversation)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
