package dev.parley.desktop.core;

import dev.parley.desktop.core.api.ServerApi;
import dev.parley.desktop.core.model.ChatEvent;
import dev.parley.desktop.core.model.ChatMessage;
import dev.parley.desktop.core.model.ChatSummary;
import dev.parley.desktop.core.model.ConnectionState;
import dev.parley.desktop.core.model.JoinOutcome;
import dev.parley.desktop.core.model.SearchHit;
import dev.parley.desktop.core.net.LiveConnection;
import dev.parley.desktop.core.outbox.OutboxSender;
import dev.parley.desktop.core.session.SavedSession;
import dev.parley.desktop.core.store.LocalStore;
import dev.parley.desktop.core.sync.SyncEngine;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Validation;
import dev.parley.protocol.codec.JsonCodec;
import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.model.PresenceView;
import dev.parley.protocol.model.UserView;
import dev.parley.protocol.rest.DeviceView;
import dev.parley.protocol.rest.StartDirectChatRequest;
import dev.parley.protocol.ws.ClientFrame;
import dev.parley.protocol.ws.ServerFrame;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A logged-in account: the local cache, the live connection with its sync engine and outbox, and the
 * REST API, behind {@link ChatService}. All network work after connecting runs on one worker thread,
 * in order; reads are served from the cache.
 */
public final class ParleyChatClient implements ChatService {
    private static final Logger LOG = Logger.getLogger(ParleyChatClient.class.getName());
    /** A send that could not be written to the cache (disk full, damaged file): told as is, never as a SQL error. */
    private static final String COULD_NOT_SAVE = "Could not save your message: your disk may be full, or the "
            + "message cache cannot be written. Nothing was sent; free some space and send it again.";
    private static final Duration TYPING_SHOWN_FOR = Duration.ofSeconds(4);
    private static final Duration TYPING_SENT_EVERY = Duration.ofMillis(2500);

    private final SavedSession session;
    private final ServerApi api;
    private final LocalStore store;
    private final LiveConnection connection;
    private final SyncEngine sync;
    private final OutboxSender outbox;
    private final ChatEvents events = new ChatEvents();
    private final MessageMapper mapper;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("parley-sync").factory());
    /** Sends the server refused for now (unavailable, rate_limited, ...) are tried again after this long. */
    private static final Duration OUTBOX_RETRY = Duration.ofSeconds(2);
    private final ScheduledExecutorService outboxRetry = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("parley-outbox-retry").factory());
    private final java.util.concurrent.atomic.AtomicBoolean outboxRetryScheduled =
            new java.util.concurrent.atomic.AtomicBoolean();
    private final Runnable forgetSession;
    private final Clock clock;
    private final Map<ConversationId, Map<UserId, Instant>> typing = new ConcurrentHashMap<>();
    private final Map<ConversationId, Instant> typingSent = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean catchUpQueued = new java.util.concurrent.atomic.AtomicBoolean();
    private final ParleyGroups groups;
    private final PeopleLookup people;
    private volatile ConnectionState state = ConnectionState.CONNECTING;
    private volatile boolean closing;

    private ParleyChatClient(SavedSession session, Path accountDir, JsonCodec codec, Runnable forgetSession,
                             Clock clock) {
        this.session = session;
        this.forgetSession = forgetSession;
        this.clock = clock;
        this.api = new ServerApi(session.server(), codec);
        this.store = LocalStore.open(accountDir);
        store.forgetOnline();
        // Lookups run on the worker, after the sync work queued before them (which may name them itself).
        this.people = new PeopleLookup(session.user().id(), store, (chat, user) -> api.person(session.token(), chat, user),
                worker, () -> state == ConnectionState.ONLINE && !closing, events::publish);
        this.mapper = new MessageMapper(session.user(), store, people::need);
        this.connection = new LiveConnection(api.socketUri(), session.token(), codec, new ConnectionEvents());
        this.sync = new SyncEngine(store, connection, session.user().id(), events::publish, this::arrived,
                people::entry);
        this.outbox = new OutboxSender(store, connection, session.user().id(), session.deviceId(), events::publish);
        this.groups = new ParleyGroups(session, api, store, events, () -> worker.execute(this::catchUpIfOnline));
    }

    /** Opens the account's cache and starts connecting in the background. */
    public static ParleyChatClient open(SavedSession session, Path accountDir, Runnable forgetSession) {
        ParleyChatClient client = new ParleyChatClient(session, accountDir, new JsonCodec(), forgetSession,
                Clock.systemUTC());
        client.connection.start();
        return client;
    }

    // --- connection life

    private final class ConnectionEvents implements LiveConnection.Listener {
        @Override
        public void opened(ServerFrame.Hello hello) {
            if (closing) {
                return;
            }
            worker.execute(ParleyChatClient.this::catchUpAndFlush);
        }

        @Override
        public void frame(ServerFrame frame) {
            if (closing) {
                return;
            }
            if (frame instanceof ServerFrame.Typing t) {
                typing.computeIfAbsent(t.conversationId(), k -> new ConcurrentHashMap<>())
                        .put(t.userId(), clock.instant().plus(TYPING_SHOWN_FOR));
            }
            try {
                if (sync.onLive(frame)) {
                    queueCatchUp();
                }
                // After the catch-up it queued: that sync may name whom the entry did (a member added).
                people.lookUpNoted();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not apply a live frame; the next sync will", e);
            }
        }

        @Override
        public void closed(boolean refusedUpgrade) {
            if (closing) {
                return;
            }
            setState(ConnectionState.CONNECTING);
            if (refusedUpgrade) {
                worker.execute(ParleyChatClient.this::checkSession);
            }
        }
    }

    /** One catch-up waits at a time: a burst of entries that each ask for one (a big group made) needs one. */
    private void queueCatchUp() {
        if (catchUpQueued.compareAndSet(false, true)) {
            worker.execute(() -> {
                catchUpQueued.set(false);
                catchUpAndFlush();
            });
        }
    }

    private void catchUpAndFlush() {
        if (closing) {
            return;
        }
        try {
            if (sync.catchUp()) {
                setState(ConnectionState.ONLINE);
                flushOrRetryLater();
                people.retry();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Sync failed; it runs again on the next connect", e);
        }
    }

    private void flushIfOnline() {
        if (state == ConnectionState.ONLINE) {
            try {
                flushOrRetryLater();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Sending the outbox failed; it is tried again", e);
            }
        }
    }

    /**
     * Sends the outbox; if the server refused a message for now while the socket stays open (its database
     * restarting, too many frames), tries again shortly rather than waiting for the next send or reconnect.
     */
    private void flushOrRetryLater() {
        if (outbox.flush() || closing || !outboxRetryScheduled.compareAndSet(false, true)) {
            return;
        }
        outboxRetry.schedule(() -> {
            outboxRetryScheduled.set(false);
            if (!closing) {
                try {
                    worker.execute(this::flushIfOnline);
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    // closing meanwhile: the outbox is sent on the next start
                }
            }
        }, OUTBOX_RETRY.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** The socket was refused: find out whether the session still stands. */
    private void checkSession() {
        try {
            api.me(session.token());
        } catch (ClientException e) {
            if ("unauthenticated".equals(e.code()) || "token_expired".equals(e.code())) {
                connection.close();
                forgetSession.run();
                setState(ConnectionState.SIGNED_OUT);
            }
        }
    }

    private void setState(ConnectionState next) {
        if (state == ConnectionState.SIGNED_OUT || state == ConnectionState.CLOSED || state == next) {
            return;
        }
        state = next;
        events.publish(new ChatEvent.ConnectionChanged(next));
    }

    private void arrived(MessageView message) {
        events.publish(new ChatEvent.MessageArrived(mapper.live(message)));
    }

    // --- ChatService

    @Override
    public UserView me() {
        return session.user();
    }

    @Override
    public ConnectionState connectionState() {
        return state;
    }

    @Override
    public List<ChatSummary> chats() {
        UserId me = session.user().id();
        List<LocalStore.Queued> queued = store.outbox();
        List<ChatSummary> chats = new ArrayList<>();
        for (LocalStore.Conversation c : store.conversations()) {
            MessageMapper.Chat chat = mapper.chat(c.id());
            LocalStore.Member mine = chat.members().get(me);
            Optional<LocalStore.Entry> newest = store.newest(c.id());
            Optional<LocalStore.Queued> newestQueued = queued.stream()
                    .filter(q -> q.conversationId().equals(c.id())).reduce((a, b) -> b);
            String preview = newestQueued.map(q -> "You: " + q.text())
                    .or(() -> newest.map(e -> mapper.preview(e, chat)))
                    .orElse("");
            Instant activity = newestQueued.map(LocalStore.Queued::createdAt)
                    .or(() -> newest.map(LocalStore.Entry::sentAt)).orElse(c.createdAt());
            int unread = store.countFromOthers(c.id(), me, mine == null ? 0 : mine.readUpTo());
            List<String> typingNames = typingIn(c.id()).stream().map(u -> mapper.nameOf(u, chat)).toList();
            if (c.isGroup()) {
                boolean anyoneOnline = c.active() && chat.members().keySet().stream().filter(u -> !u.equals(me))
                        .anyMatch(u -> store.presence(u).map(PresenceView::online).orElse(false));
                chats.add(new ChatSummary(c.id(), c.name() == null ? "Group" : c.name(), null, null,
                        MessageMapper.firstLine(preview), activity, unread, anyoneOnline, null, !typingNames.isEmpty(),
                        c.muted(), true, c.active(), c.active() ? chat.members().size() : 0, typingNames, c.avatarTag()));
                continue;
            }
            LocalStore.Member other = chat.members().values().stream().filter(m -> !m.userId().equals(me))
                    .findFirst().orElse(null);
            PresenceView presence = other == null ? null : store.presence(other.userId()).orElse(null);
            chats.add(ChatSummary.direct(c.id(), other == null ? "Just you" : other.displayName(),
                    other == null ? null : other.userId(), other == null ? null : other.username(),
                    MessageMapper.firstLine(preview), activity, unread,
                    presence != null && presence.online(), presence == null ? null : presence.lastSeenAt(),
                    !typingNames.isEmpty(), c.muted()));
        }
        chats.sort(Comparator.comparing(ChatSummary::lastActivity).reversed());
        return chats;
    }

    /** Who else is typing in a chat now, the one whose typing shows longest first. */
    private List<UserId> typingIn(ConversationId chat) {
        Instant now = clock.instant();
        return typing.getOrDefault(chat, Map.of()).entrySet().stream()
                .filter(e -> e.getValue().isAfter(now) && !e.getKey().equals(session.user().id()))
                .sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList();
    }

    @Override
    public List<ChatMessage> messages(ConversationId chat, Long beforeSeq, int limit) {
        List<LocalStore.Entry> entries = store.entries(chat, beforeSeq, limit);
        long oldest = entries.isEmpty() ? (beforeSeq == null ? store.appliedSeq(chat) + 1 : beforeSeq) : entries.getFirst().seq();
        if (entries.size() < limit && oldest > 1 && state == ConnectionState.ONLINE) {
            try {
                api.history(session.token(), chat, oldest, limit - entries.size()).messages().forEach(store::apply);
                entries = store.entries(chat, beforeSeq, limit);
            } catch (ClientException e) {
                LOG.log(Level.FINE, "Older history not available now", e);
            }
        }
        MessageMapper.Chat mapping = mapper.chat(chat);
        List<ChatMessage> messages = new ArrayList<>(entries.size());
        entries.forEach(e -> messages.add(mapper.stored(e, mapping)));
        if (beforeSeq == null) {
            store.outbox().stream().filter(q -> q.conversationId().equals(chat)).map(q -> mapper.queued(q, mapping))
                    .forEach(messages::add);
        }
        return messages;
    }

    @Override
    public long readUpTo(ConversationId chat) {
        return store.members(chat).stream().filter(m -> m.userId().equals(session.user().id()))
                .mapToLong(LocalStore.Member::readUpTo).findFirst().orElse(0);
    }

    @Override
    public ChatMessage send(ConversationId chat, String text) {
        try {
            Validation.messageText(text);
        } catch (ProtocolException e) {
            throw new ClientException(e.code(), e.getMessage());
        }
        LocalStore.Queued queued = new LocalStore.Queued(UUID.randomUUID(), chat, text, clock.instant(), null, null);
        try {
            Optional<LocalStore.Conversation> conversation = store.conversation(chat);
            if (conversation.isEmpty()) {
                throw new ClientException("conversation_not_found", "This chat is not on this device");
            }
            if (!conversation.get().active()) {
                throw new ClientException("not_a_member", "You're no longer a member of this group");
            }
            store.enqueue(queued);
        } catch (LocalStore.StoreException e) {
            // Nothing was queued, so nothing will be sent: say so plainly; the UI keeps the text.
            LOG.log(Level.WARNING, "Could not queue a message in the local cache", e);
            throw new ClientException("local_store_failed", COULD_NOT_SAVE, e);
        }
        events.publish(new ChatEvent.MessagesChanged(chat));
        events.publish(new ChatEvent.ChatsChanged());
        worker.execute(this::flushIfOnline);
        return mapper.queued(queued, mapper.chat(chat));
    }

    @Override
    public void retry(UUID clientMessageId) {
        Optional<LocalStore.Queued> failed;
        boolean requeued;
        try {
            failed = store.outbox().stream().filter(q -> q.clientMessageId().equals(clientMessageId)).findFirst();
            requeued = failed.isPresent() && store.requeue(clientMessageId);
        } catch (LocalStore.StoreException e) {
            LOG.log(Level.WARNING, "Could not queue a failed message again", e);
            throw new ClientException("local_store_failed", "Could not send your message again: your disk may be "
                    + "full, or the message cache cannot be written. Free some space and click the \"!\" again.", e);
        }
        if (requeued) {
            events.publish(new ChatEvent.MessagesChanged(failed.get().conversationId()));
            worker.execute(this::flushIfOnline);
        }
    }

    @Override
    public void markRead(ConversationId chat) {
        long upTo = store.appliedSeq(chat);
        if (upTo > readUpTo(chat)) {
            store.saveWatermarks(chat, session.user().id(), upTo, upTo);
            if (store.conversation(chat).map(LocalStore.Conversation::active).orElse(false)) {
                sync.sendRead(chat, upTo);
            }
            events.publish(new ChatEvent.ChatsChanged());
        }
    }

    @Override
    public void typing(ConversationId chat) {
        Instant now = clock.instant();
        Instant last = typingSent.get(chat);
        if (state == ConnectionState.ONLINE && (last == null || last.plus(TYPING_SENT_EVERY).isBefore(now))) {
            typingSent.put(chat, now);
            connection.send(new ClientFrame.Typing(null, chat));
        }
    }

    @Override
    public ConversationId startChat(String usernameOrInvite) {
        String input = usernameOrInvite == null ? "" : usernameOrInvite.strip();
        if (input.isEmpty()) {
            throw new ClientException("invalid_field", "Type a username or paste an invite link");
        }
        if (GroupService.isGroupLink(input)) {
            JoinOutcome joined = groups.joinGroup(input);
            if (joined.pending()) {
                throw new ClientException("join_pending", "You asked to join “" + joined.groupName()
                        + "”. The group shows up here once an admin lets you in.");
            }
            return joined.conversationId();
        }
        StartDirectChatRequest request;
        try {
            request = input.contains("/") || !Validation.isPossibleUsername(input.toLowerCase(java.util.Locale.ROOT))
                    ? new StartDirectChatRequest(null, input) : new StartDirectChatRequest(input, null);
        } catch (ProtocolException e) {
            throw new ClientException(e.code(), e.getMessage());
        }
        var conversation = api.startDirect(session.token(), request);
        store.saveConversation(conversation, session.user().id());
        events.publish(new ChatEvent.ChatsChanged());
        worker.execute(this::catchUpIfOnline);
        return conversation.id();
    }

    private void catchUpIfOnline() {
        if (state == ConnectionState.ONLINE) {
            catchUpAndFlush();
        }
    }

    @Override
    public GroupService groups() {
        return groups;
    }

    @Override
    public String inviteLink() {
        return api.me(session.token()).invite().url();
    }

    @Override
    public List<SearchHit> search(String query) {
        if (query == null || query.isBlank()) {
            return List.of();
        }
        Map<ConversationId, String> titles = new java.util.HashMap<>();
        chats().forEach(c -> titles.put(c.id(), c.title()));
        return store.search(query, 100).stream().map(e -> new SearchHit(e.conversationId(),
                titles.getOrDefault(e.conversationId(), "Chat"), e.seq(),
                mapper.nameOf(e.senderId(), mapper.chat(e.conversationId())), e.text(), e.sentAt())).toList();
    }

    @Override
    public Optional<String> draft(ConversationId chat) {
        return store.conversation(chat).map(LocalStore.Conversation::draft);
    }

    @Override
    public void saveDraft(ConversationId chat, String text) {
        store.saveDraft(chat, text);
    }

    @Override
    public void setMuted(ConversationId chat, boolean muted) {
        store.setMuted(chat, muted);
        events.publish(new ChatEvent.ChatsChanged());
    }

    @Override
    public List<DeviceView> devices() {
        return api.devices(session.token()).devices();
    }

    @Override
    public void logOutDevice(DeviceId device) {
        api.revokeDevice(session.token(), device);
    }

    @Override
    public void logOutOtherDevices() {
        for (DeviceView device : devices()) {
            if (!device.current()) {
                api.revokeDevice(session.token(), device.id());
            }
        }
    }

    @Override
    public void logOut() {
        try {
            api.logout(session.token());
        } finally {
            forgetSession.run();
            close();
        }
    }

    @Override
    public AutoCloseable subscribe(Consumer<ChatEvent> listener) {
        return events.subscribe(listener);
    }

    @Override
    public synchronized void close() {
        if (closing) {
            return;
        }
        closing = true;
        connection.close();
        outboxRetry.shutdownNow();
        // No interrupt: an interrupted H2 write closes the cache's file channel under it.
        worker.shutdown();
        try {
            if (!worker.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
                LOG.warning("Sync work still running at close; the next start resumes from the cache");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        state = ConnectionState.CLOSED;
        store.close();
    }
}
