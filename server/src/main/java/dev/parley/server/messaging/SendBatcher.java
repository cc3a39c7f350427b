package dev.parley.server.messaging;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.MessageId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.MessageKind;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.ws.ClientFrame;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.accounts.Principal;
import dev.parley.server.conversations.ConversationRepository;
import dev.parley.server.crypto.MessageCipher;
import dev.parley.server.http.ApiException;
import dev.parley.server.realtime.Fanout;
import dev.parley.server.storage.Database;
import dev.parley.server.storage.DatabaseOutage;
import dev.parley.server.storage.IdGenerator;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Group commit for messages. Sends queue up in lanes (a conversation always in the same lane); each
 * lane's writer takes whatever has queued while it was busy and stores it in one transaction: one
 * locking read of the conversations' last seqs, on PostgreSQL one look-up of the batch's
 * clientMessageIds (a resend of a stored message is answered with that message; on H2 the caller
 * looks before queueing), one read of their members, one multi-row insert, one update of the last
 * seqs and one commit, however many messages. Each send is still acknowledged only after that commit,
 * and still gets its seq while its conversation is locked, so the log's guarantees are those of
 * {@link LogWriter}. Under no load a batch is one message and nothing waits for company.
 */
public final class SendBatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SendBatcher.class.getName());
    /** Lanes must divide {@link ConversationLocks}' stripe count, so lanes never share a lock. */
    private static final int LANES = 8;
    private static final int MAX_BATCH = 256;

    private final Database database;
    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final MessageSealer sealer;
    private final OrderedDelivery delivery;
    private final ConversationLocks locks;
    private final Fanout fanout;
    private final IdGenerator ids;
    private final Clock clock;
    private final List<BlockingQueue<Pending>> lanes = new ArrayList<>(LANES);
    private final List<Thread> writers = new ArrayList<>(LANES);
    private volatile boolean closed;

    /** How a queued send ended. */
    public sealed interface Outcome {
        /** Stored and committed. */
        record Stored(MessageView message) implements Outcome {
        }

        /** Refused, changing nothing. */
        record Refused(ApiException reason) implements Outcome {
        }

        /** The sender's clientMessageId is already stored: this send is a resend of that message. */
        record Earlier(StoredMessage message) implements Outcome {
        }

        /** Could not be stored with its batch (a concurrent resend of the same id): send it alone. */
        record Alone() implements Outcome {
        }
    }

    private record Pending(Principal sender, ClientFrame.Send request, MessageId id, MessageCipher.Sealed body,
                           CompletableFuture<Outcome> outcome) {
    }

    public SendBatcher(Database database, ConversationRepository conversations, MessageRepository messages,
                       MessageSealer sealer, OrderedDelivery delivery, ConversationLocks locks, Fanout fanout,
                       IdGenerator ids, Clock clock) {
        this.database = database;
        this.conversations = conversations;
        this.messages = messages;
        this.sealer = sealer;
        this.delivery = delivery;
        this.locks = locks;
        this.fanout = fanout;
        this.ids = ids;
        this.clock = clock;
        for (int i = 0; i < LANES; i++) {
            BlockingQueue<Pending> lane = new LinkedBlockingQueue<>();
            lanes.add(lane);
            writers.add(Thread.ofVirtual().name("send-batcher-" + i).start(() -> drain(lane)));
        }
    }

    /** Queues a new message (sealed here, on the caller's thread) and returns when it is stored or refused. */
    public Outcome send(Principal sender, ClientFrame.Send request) {
        if (closed) {
            return new Outcome.Alone();
        }
        MessageId id = new MessageId(ids.next());
        Pending pending = new Pending(sender, request, id, sealer.seal(id, request.text()), new CompletableFuture<>());
        lanes.get(ConversationLocks.lane(request.conversationId(), LANES)).add(pending);
        return pending.outcome().join();
    }

    private void drain(BlockingQueue<Pending> lane) {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        while (!closed || !lane.isEmpty()) {
            try {
                batch.add(lane.take());
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
                continue;
            }
            lane.drainTo(batch, MAX_BATCH - 1);
            try {
                write(batch);
            } catch (RuntimeException | Error e) {
                // An unreachable database is reported (once per interval) where each send is refused.
                LOG.log(DatabaseOutage.isUnreachable(e) ? Level.FINE : Level.SEVERE,
                        "A batch of " + batch.size() + " messages failed", e);
                batch.forEach(p -> p.outcome().completeExceptionally(e));
            }
            batch.clear();
        }
        lane.forEach(p -> p.outcome().complete(new Outcome.Alone()));
    }

    private void write(List<Pending> batch) {
        Map<ConversationId, List<Pending>> byConversation = new LinkedHashMap<>();
        Set<String> clientIds = new HashSet<>();
        List<Pending> alone = new ArrayList<>();
        for (Pending p : batch) {
            // The same clientMessageId twice in one batch: the later one goes alone and finds the first.
            if (clientIds.add(p.sender().userId() + "/" + p.request().clientMessageId())) {
                byConversation.computeIfAbsent(p.request().conversationId(), k -> new ArrayList<>()).add(p);
            } else {
                alone.add(p);
            }
        }
        alone.forEach(p -> p.outcome().complete(new Outcome.Alone()));
        Map<ConversationId, OrderedDelivery.Slot> slots = new HashMap<>();
        Map<Pending, Appended> stored;
        try {
            stored = locks.withLocks(byConversation.keySet(), () -> database.inTransaction(tx -> {
                Map<ConversationId, Long> lastSeqs = conversations.lockLastSeqs(tx, byConversation.keySet());
                Map<MessageRepository.ClientKey, StoredMessage> earlier = messages.findsResendsInBatch()
                        ? messages.findByClientIds(tx, byConversation.values().stream().flatMap(List::stream)
                                .map(SendBatcher::key).toList())
                        : Map.of();
                Map<ConversationId, Set<UserId>> members = conversations.memberIds(tx, byConversation.keySet());
                Map<Pending, Appended> appended = new LinkedHashMap<>();
                List<StoredMessage> rows = new ArrayList<>();
                Map<ConversationId, Long> newLastSeqs = new LinkedHashMap<>();
                Instant now = clock.instant();
                byConversation.forEach((conversation, sends) -> {
                    Long lastSeq = lastSeqs.get(conversation);
                    Set<UserId> current = members.getOrDefault(conversation, Set.of());
                    for (Pending p : sends) {
                        StoredMessage resent = earlier.get(key(p));
                        if (resent != null) {
                            p.outcome().complete(new Outcome.Earlier(resent));
                            continue;
                        }
                        if (lastSeq == null || !current.contains(p.sender().userId())) {
                            p.outcome().complete(new Outcome.Refused(lastSeq == null ? ApiException.conversationNotFound()
                                    : conversations.membership(tx, conversation, p.sender().userId()).isPresent()
                                    ? ApiException.notAMember() : ApiException.conversationNotFound()));
                            continue;
                        }
                        lastSeq++;
                        StoredMessage row = new StoredMessage(p.id(), conversation, lastSeq, MessageKind.TEXT,
                                p.sender().userId(), p.sender().deviceId(), p.request().clientMessageId(), null,
                                p.body().bytes(), p.body().keyId(), now);
                        rows.add(row);
                        appended.put(p, new Appended(row, List.copyOf(current)));
                    }
                    if (lastSeq != null && !lastSeq.equals(lastSeqs.get(conversation))) {
                        newLastSeqs.put(conversation, lastSeq);
                    }
                });
                if (!rows.isEmpty()) {
                    messages.insertAll(tx, rows);
                    conversations.updateLastSeqs(tx, newLastSeqs);
                }
                newLastSeqs.keySet().forEach(conversation -> slots.put(conversation, delivery.reserve(conversation)));
                return appended;
            }));
        } catch (RuntimeException e) {
            slots.values().forEach(OrderedDelivery.Slot::cancel);
            if (Database.isUniqueViolation(e)) {
                // A resend of one of these raced in through another path: each goes alone, which sorts it out.
                batch.forEach(p -> p.outcome().complete(new Outcome.Alone()));
                return;
            }
            throw e;
        }
        Map<ConversationId, List<Runnable>> deliveries = new LinkedHashMap<>();
        Map<Pending, Outcome> outcomes = new LinkedHashMap<>();
        stored.forEach((p, appended) -> {
            MessageView view = new MessageView(p.id(), appended.row().conversationId(), appended.row().seq(),
                    MessageKind.TEXT, p.sender().userId(), p.sender().deviceId(), p.request().clientMessageId(),
                    p.request().text(), null, appended.row().sentAt());
            deliveries.computeIfAbsent(view.conversationId(), k -> new ArrayList<>()).add(() ->
                    fanout.toUsers(appended.members(), new ServerFrame.Message(view), p.sender().deviceId()));
            outcomes.put(p, new Outcome.Stored(view));
        });
        slots.forEach((conversation, slot) -> slot.deliver(() -> deliveries.get(conversation).forEach(Runnable::run)));
        outcomes.forEach((p, outcome) -> p.outcome().complete(outcome));
    }

    private static MessageRepository.ClientKey key(Pending p) {
        return new MessageRepository.ClientKey(p.sender().userId(), p.request().clientMessageId());
    }

    private record Appended(StoredMessage row, List<UserId> members) {
    }

    @Override
    public void close() {
        closed = true;
        writers.forEach(Thread::interrupt);
    }

}
