package dev.parley.desktop.core;

import dev.parley.desktop.core.model.ChatEvent;
import dev.parley.desktop.core.store.LocalStore;
import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.model.UserView;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Names the people entries mention whom the cache does not know: someone who joined and left a group
 * while this device was away is in no conversation view (views list current members), so lines about
 * them would read "Someone". Each unknown person is asked about once (PROTOCOL §6.31), however often
 * they are met: requests wait in one queue, drained in a batch on the given executor (never the
 * caller's thread), only while online; then the chats that named them are told to re-render.
 * A failure that may pass (network, server error) is tried again after the next sync; an answer that
 * the server does not know them is final for this session.
 */
final class PeopleLookup {
    private static final Logger LOG = Logger.getLogger(PeopleLookup.class.getName());

    /** Asks the server who {@code user} is, as named in {@code conversation}. */
    interface Fetcher {
        UserView person(ConversationId conversation, UserId user);
    }

    private final UserId me;
    private final LocalStore store;
    private final Fetcher fetcher;
    private final Executor executor;
    private final BooleanSupplier online;
    private final Consumer<ChatEvent> events;

    // Guarded by this. A person is in at most one of these; each map holds the chats that named them.
    /** In the cache, or given up on: never asked about again. */
    private final Set<UserId> settled = new HashSet<>();
    /** To be asked about by the next drain. */
    private final Map<UserId, Set<ConversationId>> pending = new LinkedHashMap<>();
    /** Being asked about now. */
    private final Map<UserId, Set<ConversationId>> asking = new LinkedHashMap<>();
    /** Could not be asked about (offline, server trouble): asked again after the next sync. */
    private final Map<UserId, Set<ConversationId>> failed = new LinkedHashMap<>();
    private boolean drainQueued;

    PeopleLookup(UserId me, LocalStore store, Fetcher fetcher, Executor executor, BooleanSupplier online,
                 Consumer<ChatEvent> events) {
        this.me = me;
        this.store = store;
        this.fetcher = fetcher;
        this.executor = executor;
        this.online = online;
        this.events = events;
    }

    /**
     * An entry was applied (sync or live): its sender and subject should have names. Only noted: the
     * sync work that follows an entry may bring them, so {@link #lookUpNoted()} comes after it.
     */
    void entry(MessageView entry) {
        note(entry.conversationId(), entry.senderId());
        if (entry.subjectUserId() != null) {
            note(entry.conversationId(), entry.subjectUserId());
        }
    }

    /** {@code user}, named in {@code conversation} as it is shown, should have a name; cheap when they do. */
    void need(ConversationId conversation, UserId user) {
        if (note(conversation, user)) {
            schedule();
        }
    }

    /** Asks about those noted since, after the work queued so far on the executor. */
    void lookUpNoted() {
        synchronized (this) {
            if (pending.isEmpty()) {
                return;
            }
        }
        schedule();
    }

    /** After a sync: those noted, and those who could not be asked about before, are asked about. */
    void retry() {
        synchronized (this) {
            failed.forEach((user, chats) -> pending.computeIfAbsent(user, u -> new LinkedHashSet<>()).addAll(chats));
            failed.clear();
        }
        lookUpNoted();
    }

    /** True when {@code user} is newly waiting to be asked about. */
    private boolean note(ConversationId conversation, UserId user) {
        synchronized (this) {
            if (user.equals(me) || settled.contains(user)) {
                return false;
            }
            if (joined(asking, user, conversation) || joined(failed, user, conversation)
                    || joined(pending, user, conversation)) {
                return false;
            }
        }
        boolean known = store.person(user).isPresent();
        synchronized (this) {
            if (known) {
                settled.add(user);
                return false;
            }
            if (settled.contains(user) || joined(asking, user, conversation) || joined(failed, user, conversation)
                    || joined(pending, user, conversation)) {
                return false;
            }
            pending.put(user, new LinkedHashSet<>(Set.of(conversation)));
            return true;
        }
    }

    private static boolean joined(Map<UserId, Set<ConversationId>> queue, UserId user, ConversationId conversation) {
        Set<ConversationId> chats = queue.get(user);
        if (chats == null) {
            return false;
        }
        chats.add(conversation);
        return true;
    }

    private void schedule() {
        synchronized (this) {
            if (drainQueued) {
                return;
            }
            drainQueued = true;
        }
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException closing) {
            synchronized (this) {
                drainQueued = false;
            }
        }
    }

    /** Asks about everyone waiting, one request each, then tells the chats that named them. */
    void drain() {
        Map<UserId, Set<ConversationId>> batch;
        synchronized (this) {
            drainQueued = false;
            if (pending.isEmpty() || !online.getAsBoolean()) {
                return; // offline: they wait for the sync after the next connect
            }
            batch = new LinkedHashMap<>(pending);
            asking.putAll(batch);
            pending.clear();
        }
        Set<ConversationId> renamed = new LinkedHashSet<>();
        for (UserId user : batch.keySet()) {
            Outcome outcome = online.getAsBoolean() ? lookUp(user) : Outcome.LATER;
            synchronized (this) {
                Set<ConversationId> chats = asking.remove(user);
                switch (outcome) {
                    case NAMED -> {
                        settled.add(user);
                        renamed.addAll(chats);
                    }
                    case UNKNOWN -> settled.add(user);
                    case LATER -> failed.computeIfAbsent(user, u -> new LinkedHashSet<>()).addAll(chats);
                }
            }
        }
        if (!renamed.isEmpty()) {
            renamed.forEach(chat -> events.accept(new ChatEvent.MessagesChanged(chat)));
            events.accept(new ChatEvent.ChatsChanged());
        }
    }

    private enum Outcome { NAMED, UNKNOWN, LATER }

    private Outcome lookUp(UserId user) {
        if (store.person(user).isPresent()) {
            return Outcome.NAMED; // a sync brought them meanwhile (a member added live, say)
        }
        Set<ConversationId> chats;
        synchronized (this) {
            chats = new LinkedHashSet<>(asking.get(user));
        }
        for (ConversationId chat : chats) {
            try {
                UserView person = fetcher.person(chat, user);
                store.savePerson(new LocalStore.Person(person.id(), person.username(), person.displayName()));
                return Outcome.NAMED;
            } catch (ClientException e) {
                if (!isFinal(e)) {
                    LOG.log(Level.FINE, "Could not ask who " + user + " is; asking again after the next sync", e);
                    return Outcome.LATER;
                }
                // Not known in this chat (or a server without §6.31): another chat that names them may say.
            } catch (LocalStore.StoreException e) {
                LOG.log(Level.WARNING, "Could not remember the name of " + user, e);
                return Outcome.LATER;
            }
        }
        return Outcome.UNKNOWN;
    }

    /** Answers that asking again would not change. */
    private static boolean isFinal(ClientException e) {
        return switch (e.code()) {
            case "member_not_found", "conversation_not_found", "not_found", "user_not_found" -> true;
            default -> false;
        };
    }
}
