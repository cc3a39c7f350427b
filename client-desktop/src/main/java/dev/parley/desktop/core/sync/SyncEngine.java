package dev.parley.desktop.core.sync;

import dev.parley.desktop.core.model.ChatEvent;
import dev.parley.desktop.core.net.LiveConnection;
import dev.parley.desktop.core.store.LocalStore;
import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MessageKind;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.model.PresenceView;
import dev.parley.protocol.model.SyncCursor;
import dev.parley.protocol.ws.ClientFrame;
import dev.parley.protocol.ws.ServerFrame;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Keeps the cache equal to the server's log: catches up by delta sync from the cache's cursors on
 * every (re)connect and whenever a live entry reveals a gap, applies live frames, and tells the server
 * what reached this device (delivered) and what the user read while offline.
 */
public final class SyncEngine {
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
    private static final int PAGE = 200;

    private final LocalStore store;
    private final LiveConnection connection;
    private final UserId me;
    private final Consumer<ChatEvent> events;
    private final Consumer<MessageView> arrivals;
    private final Consumer<MessageView> applied;
    /** Conversation views pushed live so far: a sync batch may carry an older view than one of them. */
    private final AtomicLong liveViews = new AtomicLong();

    /**
     * {@code arrivals} hears of every live entry from someone else (for notifications); {@code applied}
     * of every entry newly stored, by sync or live (after the views that came with it).
     */
    public SyncEngine(LocalStore store, LiveConnection connection, UserId me, Consumer<ChatEvent> events,
                      Consumer<MessageView> arrivals, Consumer<MessageView> applied) {
        this.store = store;
        this.connection = connection;
        this.me = me;
        this.events = events;
        this.arrivals = arrivals;
        this.applied = applied;
    }

    /** Syncs until the server says there is no more. Returns false when the connection failed midway. */
    public boolean catchUp() {
        List<SyncCursor> cursors = store.cursors();
        Map<ConversationId, Long> serverReadOfMine = new HashMap<>();
        boolean more = true;
        while (more) {
            long liveViewsBefore = liveViews.get();
            ServerFrame answer;
            try {
                answer = connection.request(new ClientFrame.Sync(connection.newRequestId(), cursors, PAGE), ANSWER_TIMEOUT)
                        .get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException e) {
                return false;
            }
            if (!(answer instanceof ServerFrame.SyncBatch batch)) {
                return false;
            }
            for (ConversationView conversation : batch.conversations()) {
                store.saveConversation(conversation, me);
                conversation.members().stream().filter(m -> m.userId().equals(me)).findFirst()
                        .ifPresent(mine -> serverReadOfMine.put(conversation.id(), mine.readUpToSeq()));
            }
            for (MessageView message : batch.messages()) {
                if (store.apply(message).added()) {
                    applied.accept(message);
                }
            }
            batch.presence().forEach(store::savePresence);
            cursors = batch.cursors();
            // The batch's views were read before a view pushed meanwhile may have been saved, and would
            // then have overwritten it with an older one: ask once more for views as they are now.
            more = batch.hasMore() || liveViews.get() != liveViewsBefore;
        }
        pushReadsMadeOffline(serverReadOfMine);
        confirmDelivery();
        events.accept(new ChatEvent.ChatsChanged());
        for (LocalStore.Conversation c : store.conversations()) {
            events.accept(new ChatEvent.MessagesChanged(c.id()));
            if (c.isGroup()) {
                events.accept(new ChatEvent.GroupChanged(c.id()));
            }
        }
        return true;
    }

    /** Applies a frame pushed by the server; true when it showed a gap that only a sync can fill. */
    public boolean onLive(ServerFrame frame) {
        return switch (frame) {
            case ServerFrame.Message pushed -> onMessage(pushed.message());
            case ServerFrame.Receipt receipt -> {
                if (store.saveWatermarks(receipt.conversationId(), receipt.userId(), receipt.deliveredUpToSeq(),
                        receipt.readUpToSeq())) {
                    events.accept(new ChatEvent.MessagesChanged(receipt.conversationId()));
                    events.accept(new ChatEvent.ChatsChanged());
                }
                yield false;
            }
            case ServerFrame.Presence presence -> {
                store.savePresence(new PresenceView(presence.userId(), presence.online(), presence.lastSeenAt()));
                events.accept(new ChatEvent.ChatsChanged());
                yield false;
            }
            case ServerFrame.Conversation conversation -> {
                liveViews.incrementAndGet(); // before saving: a sync that misses the count saves before this does
                store.saveConversation(conversation.conversation(), me);
                events.accept(new ChatEvent.ChatsChanged());
                events.accept(new ChatEvent.MessagesChanged(conversation.conversation().id()));
                events.accept(new ChatEvent.GroupChanged(conversation.conversation().id()));
                yield false;
            }
            case ServerFrame.Typing typing -> {
                events.accept(new ChatEvent.Typing(typing.conversationId(), typing.userId()));
                yield false;
            }
            case ServerFrame.Hello ignored -> false;
            case ServerFrame.Ack ignored -> false;
            case ServerFrame.SyncBatch ignored -> false;
            case ServerFrame.Ok ignored -> false;
            case ServerFrame.Pong ignored -> false;
            case ServerFrame.Error ignored -> false;
            case ServerFrame.SyncNeeded ignored -> true;
            case ServerFrame.JoinRequested request -> {
                String name = store.conversation(request.conversationId()).map(LocalStore.Conversation::name)
                        .orElse("your group");
                events.accept(new ChatEvent.JoinRequested(request.conversationId(), name, request.user()));
                yield false;
            }
        };
    }

    private boolean onMessage(MessageView message) {
        var conversation = store.conversation(message.conversationId());
        if (conversation.isEmpty()) {
            return true; // a conversation this device has not heard of yet: sync brings it whole
        }
        LocalStore.Applied applied = store.apply(message);
        // A group's members, roles or name changed: the entry does not carry them (who was added, by
        // name?), the conversation views of a sync do.
        boolean groupChanged = applied.added() && conversation.get().isGroup() && message.kind() != MessageKind.TEXT;
        if (applied.added()) {
            this.applied.accept(message);
            events.accept(new ChatEvent.MessagesChanged(message.conversationId()));
            events.accept(new ChatEvent.ChatsChanged());
            if (!message.senderId().equals(me)) {
                arrivals.accept(message);
            }
            if (!applied.gap() && conversation.get().active()) {
                markDelivered(message.conversationId(), store.appliedSeq(message.conversationId()));
            }
            if (groupChanged) {
                events.accept(new ChatEvent.GroupChanged(message.conversationId()));
            }
        }
        return applied.gap() || groupChanged;
    }

    /** Tells the server the user read up to {@code upToSeq}; false when offline (it is sent after the next sync). */
    public boolean sendRead(ConversationId conversation, long upToSeq) {
        return connection.send(new ClientFrame.MarkRead(connection.newRequestId(), conversation, upToSeq));
    }

    private void markDelivered(ConversationId conversation, long upToSeq) {
        if (upToSeq > 0) {
            connection.send(new ClientFrame.MarkDelivered(connection.newRequestId(), conversation, upToSeq));
        }
    }

    private void confirmDelivery() {
        for (LocalStore.Conversation conversation : store.conversations()) {
            if (!conversation.active()) {
                continue; // the server refuses receipts from former members
            }
            long delivered = store.members(conversation.id()).stream().filter(m -> m.userId().equals(me))
                    .mapToLong(LocalStore.Member::deliveredUpTo).findFirst().orElse(0);
            if (conversation.appliedSeq() > delivered) {
                markDelivered(conversation.id(), conversation.appliedSeq());
            }
        }
    }

    private void pushReadsMadeOffline(Map<ConversationId, Long> serverRead) {
        for (LocalStore.Conversation conversation : store.conversations()) {
            if (!conversation.active()) {
                continue;
            }
            long localRead = store.members(conversation.id()).stream().filter(m -> m.userId().equals(me))
                    .mapToLong(LocalStore.Member::readUpTo).findFirst().orElse(0);
            if (localRead > serverRead.getOrDefault(conversation.id(), 0L)) {
                sendRead(conversation.id(), Math.min(localRead, conversation.appliedSeq()));
            }
        }
    }
}
