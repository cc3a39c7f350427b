package dev.parley.server.messaging;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.ids.MessageId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.MessageKind;
import dev.parley.protocol.model.MessageView;
import dev.parley.server.conversations.ConversationRepository;
import dev.parley.server.crypto.MessageCipher;
import dev.parley.server.http.ApiException;
import dev.parley.server.storage.Database;
import dev.parley.server.storage.IdGenerator;
import io.helidon.dbclient.DbExecute;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * The one way to append to a conversation's log. A write runs in one transaction while this process
 * holds the conversation's lock and the database holds its row lock, so seqs are gapless and commit in
 * order; it reserves the conversation's next delivery slot, so what it pushes after the commit reaches
 * devices in seq order. The caller resolves that slot exactly once: {@link Written#deliver} or
 * {@link Written#cancel}.
 */
public final class LogWriter {
    private final Database database;
    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final MessageSealer sealer;
    private final OrderedDelivery delivery;
    private final ConversationLocks locks;
    private final IdGenerator ids;
    private final Clock clock;

    public LogWriter(Database database, ConversationRepository conversations, MessageRepository messages,
                     MessageSealer sealer, OrderedDelivery delivery, ConversationLocks locks, IdGenerator ids,
                     Clock clock) {
        this.database = database;
        this.conversations = conversations;
        this.messages = messages;
        this.sealer = sealer;
        this.delivery = delivery;
        this.locks = locks;
        this.ids = ids;
        this.clock = clock;
    }

    /** What a write does inside its transaction; it may append entries and change any other rows. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Appender log);
    }

    /** The open transaction of one write, positioned at the end of the conversation's log. */
    public final class Appender {
        private final DbExecute tx;
        private final ConversationId conversation;
        private final Instant now;
        private final List<MessageView> appended = new ArrayList<>();
        private long lastSeq;

        private Appender(DbExecute tx, ConversationId conversation, long lastSeq, Instant now) {
            this.tx = tx;
            this.conversation = conversation;
            this.lastSeq = lastSeq;
            this.now = now;
        }

        public DbExecute tx() {
            return tx;
        }

        public ConversationId conversation() {
            return conversation;
        }

        /** The seq of the newest entry, counting those appended by this write. */
        public long lastSeq() {
            return lastSeq;
        }

        public Instant now() {
            return now;
        }

        /** A message from a user's device; {@code text} is sealed for storage. */
        public MessageView appendText(UserId sender, DeviceId device, UUID clientMessageId, String text) {
            return append(MessageKind.TEXT, sender, device, clientMessageId, null, text);
        }

        /** A change to the conversation made by {@code actor}, about {@code subject} (may be null). */
        public MessageView appendEvent(MessageKind kind, UserId actor, DeviceId device, UserId subject, String text) {
            return append(kind, actor, device, null, subject, text);
        }

        private MessageView append(MessageKind kind, UserId sender, DeviceId device, UUID clientMessageId,
                                   UserId subject, String text) {
            MessageId id = new MessageId(ids.next());
            MessageCipher.Sealed body = text == null ? null : sealer.seal(id, text);
            StoredMessage stored = new StoredMessage(id, conversation, lastSeq + 1, kind, sender, device,
                    clientMessageId, subject, body == null ? null : body.bytes(), body == null ? null : body.keyId(), now);
            messages.insert(tx, stored);
            lastSeq = stored.seq();
            MessageView view = new MessageView(id, conversation, stored.seq(), kind, sender, device, clientMessageId,
                    text, subject, now);
            appended.add(view);
            return view;
        }
    }

    /** A committed write: its result, the entries it appended, and its place in the delivery order. */
    public static final class Written<T> {
        private final T value;
        private final List<MessageView> entries;
        private final OrderedDelivery.Slot slot;

        private Written(T value, List<MessageView> entries, OrderedDelivery.Slot slot) {
            this.value = value;
            this.entries = List.copyOf(entries);
            this.slot = slot;
        }

        public T value() {
            return value;
        }

        public List<MessageView> entries() {
            return entries;
        }

        /** Runs the live delivery once every earlier write of the conversation has delivered. */
        public void deliver(Runnable delivery) {
            slot.deliver(delivery);
        }

        /** Nothing to push live (devices still get the entries by sync). */
        public void cancel() {
            slot.cancel();
        }
    }

    /** Appends to an existing conversation; refused as not found when it does not exist. */
    public <T> Written<T> write(ConversationId conversation, Work<T> work) {
        return locks.withLock(conversation, () -> inTransaction(conversation,
                (tx, now) -> conversations.lockLastSeq(tx, conversation).orElseThrow(ApiException::conversationNotFound), work));
    }

    /** Creates a conversation with {@code insertRow} (its last seq 0) and writes its first entries. */
    public <T> Written<T> create(ConversationId conversation, BiConsumer<DbExecute, Instant> insertRow, Work<T> work) {
        return inTransaction(conversation, (tx, now) -> {
            insertRow.accept(tx, now);
            return 0L;
        }, work);
    }

    private interface LastSeq {
        long lockedIn(DbExecute tx, Instant now);
    }

    private <T> Written<T> inTransaction(ConversationId conversation, LastSeq lastSeq, Work<T> work) {
        OrderedDelivery.Slot[] slot = {null};
        try {
            return database.inTransaction(tx -> {
                Instant now = clock.instant();
                Appender log = new Appender(tx, conversation, lastSeq.lockedIn(tx, now), now);
                T value = work.apply(log);
                if (!log.appended.isEmpty()) {
                    conversations.updateLastSeq(tx, conversation, log.lastSeq);
                }
                slot[0] = delivery.reserve(conversation);
                return new Written<>(value, log.appended, slot[0]);
            });
        } catch (RuntimeException | Error e) {
            if (slot[0] != null) {
                slot[0].cancel();
            }
            throw e;
        }
    }
}
