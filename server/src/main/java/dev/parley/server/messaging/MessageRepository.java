package dev.parley.server.messaging;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.ids.MessageId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.MessageKind;
import dev.parley.server.storage.Database;
import dev.parley.server.storage.Rows;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** SQL for the conversation log. */
public final class MessageRepository {
    private static final String COLUMNS = "id, conversation_id, seq, kind, sender_id, sender_device_id, "
            + "client_message_id, subject_user_id, body, key_id, sent_at";

    private final DbClient db;
    private final boolean arrayStatements;

    public MessageRepository(Database database) {
        this.arrayStatements = database.dialect().prefersArrayStatements();
        this.db = database.client();
    }

    public void insert(DbExecute tx, StoredMessage m) {
        tx.insert("INSERT INTO messages (" + COLUMNS + ") VALUES " + ROW_MARKS, values(m));
    }

    private static final String ROW_MARKS = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** A row's parameters, in the order of {@link #COLUMNS}. */
    private static Object[] values(StoredMessage m) {
        return new Object[] {m.id().value(), m.conversationId().value(), m.seq(), m.kind().wireName(),
                m.senderId().value(), m.senderDeviceId() == null ? null : m.senderDeviceId().value(),
                m.clientMessageId(), m.subjectUserId() == null ? null : m.subjectUserId().value(), m.body(),
                m.keyId(), m.sentAt().toEpochMilli()};
    }

    /**
     * Several rows in one INSERT. On PostgreSQL the rows go as column arrays, so the statement's text
     * is the same whatever the number of rows and is parsed and planned once; on H2 as VALUES rows.
     */
    public void insertAll(DbExecute tx, List<StoredMessage> batch) {
        if (!arrayStatements) {
            insertAllAsValues(tx, batch);
            return;
        }
        int n = batch.size();
        String[] ids = new String[n];
        String[] conversationIds = new String[n];
        Long[] seqs = new Long[n];
        String[] kinds = new String[n];
        String[] senders = new String[n];
        String[] senderDevices = new String[n];
        String[] clientIds = new String[n];
        String[] subjects = new String[n];
        byte[][] bodies = new byte[n][];
        String[] keyIds = new String[n];
        Long[] sentAts = new Long[n];
        for (int i = 0; i < n; i++) {
            StoredMessage m = batch.get(i);
            ids[i] = m.id().value().toString();
            conversationIds[i] = m.conversationId().value().toString();
            seqs[i] = m.seq();
            kinds[i] = m.kind().wireName();
            senders[i] = m.senderId().value().toString();
            senderDevices[i] = m.senderDeviceId() == null ? null : m.senderDeviceId().value().toString();
            clientIds[i] = m.clientMessageId() == null ? null : m.clientMessageId().toString();
            subjects[i] = m.subjectUserId() == null ? null : m.subjectUserId().value().toString();
            bodies[i] = m.body();
            keyIds[i] = m.keyId();
            sentAts[i] = m.sentAt().toEpochMilli();
        }
        tx.insert("INSERT INTO messages (" + COLUMNS + ") SELECT * FROM UNNEST(CAST(? AS UUID ARRAY), "
                        + "CAST(? AS UUID ARRAY), CAST(? AS BIGINT ARRAY), CAST(? AS VARCHAR ARRAY), CAST(? AS UUID ARRAY), "
                        + "CAST(? AS UUID ARRAY), CAST(? AS UUID ARRAY), CAST(? AS UUID ARRAY), CAST(? AS BYTEA ARRAY), "
                        + "CAST(? AS VARCHAR ARRAY), CAST(? AS BIGINT ARRAY))",
                ids, conversationIds, seqs, kinds, senders, senderDevices, clientIds, subjects, bodies, keyIds, sentAts);
    }

    /** Several rows in one multi-row INSERT, for H2. */
    private void insertAllAsValues(DbExecute tx, List<StoredMessage> batch) {
        String rows = String.join(", ", java.util.Collections.nCopies(batch.size(), ROW_MARKS));
        tx.insert("INSERT INTO messages (" + COLUMNS + ") VALUES " + rows,
                batch.stream().flatMap(m -> java.util.Arrays.stream(values(m))).toArray());
    }

    public Optional<StoredMessage> findByClientId(DbExecute exec, UserId sender, UUID clientMessageId) {
        return exec.get("SELECT " + COLUMNS + " FROM messages WHERE sender_id = ? AND client_message_id = ?",
                sender.value(), clientMessageId).map(MessageRepository::message);
    }

    public Optional<StoredMessage> findByClientId(UserId sender, UUID clientMessageId) {
        return findByClientId(db.execute(), sender, clientMessageId);
    }

    /**
     * Whether a batch looks up its resends itself ({@link #findByClientIds}), in the same transaction.
     * On PostgreSQL that saves a round trip per message; on embedded H2 a look-up per message before
     * the batch, outside its lock, measured faster.
     */
    public boolean findsResendsInBatch() {
        return arrayStatements;
    }

    /** A message's idempotency key: its sender and the id the sender's client gave it. */
    public record ClientKey(UserId sender, UUID clientMessageId) {
    }

    /**
     * The messages stored earlier under any of these keys, in one statement whose text is the same
     * whatever the number of keys (array parameters), so the database plans it once. Both columns are
     * matched against their set, which can also match a sender with another sender's id; those pairs
     * are dropped here.
     */
    public Map<ClientKey, StoredMessage> findByClientIds(DbExecute exec, Collection<ClientKey> keys) {
        Object senders = keys.stream().map(k -> k.sender().value().toString()).distinct().toArray(String[]::new);
        Object clientIds = keys.stream().map(k -> k.clientMessageId().toString()).toArray(String[]::new);
        Map<ClientKey, StoredMessage> found = new HashMap<>();
        Database.list(exec.query("SELECT " + COLUMNS + " FROM messages WHERE sender_id = ANY(CAST(? AS UUID ARRAY)) "
                + "AND client_message_id = ANY(CAST(? AS UUID ARRAY))", senders, clientIds), MessageRepository::message)
                .forEach(m -> {
                    ClientKey key = new ClientKey(m.senderId(), m.clientMessageId());
                    if (keys.contains(key)) {
                        found.put(key, m);
                    }
                });
        return found;
    }

    /** Entries with afterSeq &lt; seq &le; upToSeq, oldest first. */
    public List<StoredMessage> between(ConversationId conversation, long afterSeq, long upToSeq, int limit) {
        return Database.list(db.execute().query("SELECT " + COLUMNS + " FROM messages WHERE conversation_id = ? "
                        + "AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?", conversation.value(), afterSeq, upToSeq, limit),
                MessageRepository::message);
    }

    /** Entries with fromSeq &le; seq &lt; beforeSeq, newest first. */
    public List<StoredMessage> before(ConversationId conversation, long fromSeq, long beforeSeq, int limit) {
        return Database.list(db.execute().query("SELECT " + COLUMNS + " FROM messages WHERE conversation_id = ? "
                        + "AND seq >= ? AND seq < ? ORDER BY seq DESC LIMIT ?", conversation.value(), fromSeq, beforeSeq,
                        limit), MessageRepository::message);
    }

    /** Who wrote the text messages with afterSeq &lt; seq &le; upToSeq. */
    public List<UserId> sendersBetween(ConversationId conversation, long afterSeq, long upToSeq) {
        return Database.list(db.execute().query("SELECT DISTINCT sender_id FROM messages WHERE conversation_id = ? "
                        + "AND seq > ? AND seq <= ? AND kind = 'text'", conversation.value(), afterSeq, upToSeq),
                row -> new UserId(Rows.uuid(row, "sender_id")));
    }

    public Optional<StoredMessage> at(ConversationId conversation, long seq) {
        return db.execute().get("SELECT " + COLUMNS + " FROM messages WHERE conversation_id = ? AND seq = ?",
                conversation.value(), seq).map(MessageRepository::message);
    }

    private static StoredMessage message(DbRow row) {
        UUID device = Rows.uuid(row, "sender_device_id");
        UUID subject = Rows.uuid(row, "subject_user_id");
        return new StoredMessage(new MessageId(Rows.uuid(row, "id")),
                new ConversationId(Rows.uuid(row, "conversation_id")), Rows.longValue(row, "seq"),
                MessageKind.fromWireName(Rows.string(row, "kind")), new UserId(Rows.uuid(row, "sender_id")),
                device == null ? null : new DeviceId(device), Rows.uuid(row, "client_message_id"),
                subject == null ? null : new UserId(subject), Rows.bytes(row, "body"), Rows.string(row, "key_id"),
                Rows.instant(row, "sent_at"));
    }
}
