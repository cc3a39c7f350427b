package dev.parley.server.messaging;

import dev.parley.protocol.ids.ConversationId;

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

    public <T> T withLock(ConversationId conversation, Supplier<T> work) {
        ReentrantLock lock = locks[Math.floorMod(conversation.value().hashCode(), STRIPES)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
