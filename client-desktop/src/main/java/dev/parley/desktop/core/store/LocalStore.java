package dev.parley.desktop.core.store;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.MessageId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.ConversationKind;
import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MemberRole;
import dev.parley.protocol.model.MemberView;
import dev.parley.protocol.model.MessageKind;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.model.PresenceView;
import dev.parley.protocol.model.SyncCursor;
import dev.parley.server.storage.H2FileCompaction;
import org.h2.mvstore.MVStore;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The app's local cache of one account, in an embedded H2 database: conversations with members and
 * receipt watermarks, every log entry by (conversation, seq), presence, drafts, and the outbox. Each
 * conversation's {@code applied_seq} is the sync cursor: every entry up to it is here.
 * One connection, used under this object's lock: a desktop app's load is small.
 */
public final class LocalStore implements AutoCloseable {
    private static final String[] SCHEMA = {
            """
            CREATE TABLE IF NOT EXISTS conversations (
                id UUID PRIMARY KEY,
                kind VARCHAR(16) NOT NULL,
                created_at BIGINT NOT NULL,
                server_last_seq BIGINT NOT NULL DEFAULT 0,
                applied_seq BIGINT NOT NULL DEFAULT 0,
                muted BOOLEAN NOT NULL DEFAULT FALSE,
                draft VARCHAR(400000))""",
            """
            CREATE TABLE IF NOT EXISTS members (
                conversation_id UUID NOT NULL,
                user_id UUID NOT NULL,
                username VARCHAR(64) NOT NULL,
                display_name VARCHAR(256) NOT NULL,
                delivered_up_to BIGINT NOT NULL DEFAULT 0,
                read_up_to BIGINT NOT NULL DEFAULT 0,
                PRIMARY KEY (conversation_id, user_id))""",
            """
            CREATE TABLE IF NOT EXISTS messages (
                conversation_id UUID NOT NULL,
                seq BIGINT NOT NULL,
                id UUID NOT NULL,
                kind VARCHAR(16) NOT NULL,
                sender_id UUID NOT NULL,
                sender_device_id UUID,
                client_message_id UUID,
                text VARCHAR(400000),
                subject_user_id UUID,
                sent_at BIGINT NOT NULL,
                PRIMARY KEY (conversation_id, seq))""",
            "CREATE INDEX IF NOT EXISTS messages_by_client_id ON messages (client_message_id)",
            """
            CREATE TABLE IF NOT EXISTS outbox (
                position BIGINT AUTO_INCREMENT PRIMARY KEY,
                client_message_id UUID NOT NULL UNIQUE,
                conversation_id UUID NOT NULL,
                text VARCHAR(400000) NOT NULL,
                created_at BIGINT NOT NULL,
                failed_code VARCHAR(64),
                failed_message VARCHAR(1000))""",
            """
            CREATE TABLE IF NOT EXISTS presence (
                user_id UUID PRIMARY KEY,
                online BOOLEAN NOT NULL,
                last_seen_at BIGINT)"""
    };

    /**
     * Changes to a cache written by an older version, in order; {@code schema_version} counts those
     * applied. Version 1 is groups: names, descriptions, membership, roles, and everyone ever seen in a
     * chat (so a line like "Ben left" keeps Ben's name after he is gone). Version 2 is group pictures.
     */
    private static final String[][] MIGRATIONS = {
            {
                    "ALTER TABLE conversations ADD COLUMN IF NOT EXISTS name VARCHAR(400)",
                    "ALTER TABLE conversations ADD COLUMN IF NOT EXISTS description VARCHAR(4000)",
                    "ALTER TABLE conversations ADD COLUMN IF NOT EXISTS active BOOLEAN NOT NULL DEFAULT TRUE",
                    "ALTER TABLE conversations ADD COLUMN IF NOT EXISTS join_approval BOOLEAN NOT NULL DEFAULT FALSE",
                    "ALTER TABLE members ADD COLUMN IF NOT EXISTS role VARCHAR(16) NOT NULL DEFAULT 'member'",
                    "ALTER TABLE members ADD COLUMN IF NOT EXISTS joined_seq BIGINT NOT NULL DEFAULT 0",
                    """
                    CREATE TABLE IF NOT EXISTS people (
                        user_id UUID PRIMARY KEY,
                        username VARCHAR(64) NOT NULL,
                        display_name VARCHAR(256) NOT NULL)""",
                    "MERGE INTO people KEY (user_id) SELECT user_id, username, display_name FROM members"
            },
            {
                    // Group pictures: the tag the server names the current one by, and the newest one fetched.
                    "ALTER TABLE conversations ADD COLUMN IF NOT EXISTS avatar_tag VARCHAR(64)",
                    """
                    CREATE TABLE IF NOT EXISTS pictures (
                        conversation_id UUID PRIMARY KEY,
                        tag VARCHAR(64) NOT NULL,
                        content_type VARCHAR(32) NOT NULL,
                        image VARBINARY(262144) NOT NULL)"""
            }
    };

    private final Connection db;
    /** Every change is written at once (WRITE_DELAY=0), which leaves H2 without its own file compaction. */
    private final H2FileCompaction compaction;

    private LocalStore(Connection db, H2FileCompaction compaction) {
        this.db = db;
        this.compaction = compaction;
    }

    /** Opens (creating if needed) the cache in {@code dir}. */
    public static LocalStore open(Path dir) {
        try {
            String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("cache") + ";WRITE_DELAY=0";
            H2FileCompaction.shrinkIfMostlyFree(url, "sa", "");
            Connection db = DriverManager.getConnection(url, "sa", "");
            try (Statement s = db.createStatement()) {
                for (String ddl : SCHEMA) {
                    s.execute(ddl);
                }
                migrate(db, s);
            }
            Optional<MVStore> file = H2FileCompaction.storeOf(db);
            return new LocalStore(db, H2FileCompaction.start(() -> file, "local-cache"));
        } catch (SQLException e) {
            throw new StoreException("Cannot open the local message cache in " + dir, e);
        }
    }

    private static void migrate(Connection db, Statement s) throws SQLException {
        s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT NOT NULL)");
        int version;
        try (ResultSet r = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            r.next();
            version = r.getInt(1);
        }
        for (int next = version + 1; next <= MIGRATIONS.length; next++) {
            db.setAutoCommit(false);
            try {
                for (String ddl : MIGRATIONS[next - 1]) {
                    s.execute(ddl);
                }
                s.execute("INSERT INTO schema_version VALUES (" + next + ")");
                db.commit();
            } catch (SQLException e) {
                db.rollback();
                throw e;
            } finally {
                db.setAutoCommit(true);
            }
        }
    }

    /** A stored log entry. */
    public record Entry(ConversationId conversationId, long seq, MessageId id, MessageKind kind, UserId senderId,
                        UUID clientMessageId, String text, UserId subjectUserId, Instant sentAt) {
    }

    /** A message waiting in the outbox; {@code failedCode} set when the server refused it for good. */
    public record Queued(UUID clientMessageId, ConversationId conversationId, String text, Instant createdAt,
                         String failedCode, String failedMessage) {
    }

    /**
     * A cached conversation. {@code name} and {@code description} are set for groups; {@code active} is
     * false once this user left or was removed (the chat stays, read-only). {@code avatarTag} names
     * the group's current picture (null: none).
     */
    public record Conversation(ConversationId id, ConversationKind kind, Instant createdAt, long serverLastSeq,
                               long appliedSeq, boolean muted, String draft, String name, String description,
                               boolean active, boolean joinApproval, String avatarTag) {
        public boolean isGroup() {
            return kind == ConversationKind.GROUP;
        }
    }

    /** A current member ({@code joinedSeq}: the entry that made them one; entries before it are not theirs). */
    public record Member(ConversationId conversationId, UserId userId, String username, String displayName,
                         long deliveredUpTo, long readUpTo, MemberRole role, long joinedSeq) {
        /** Whether the entry {@code seq} was meant for this member (its sender aside). */
        public boolean isRecipientOf(long seq) {
            return joinedSeq < seq;
        }
    }

    /** Someone seen in any chat of this account, current member or not. */
    public record Person(UserId userId, String username, String displayName) {
    }

    /** What applying an entry did: whether it was new, and whether it showed a gap before it. */
    public record Applied(boolean added, boolean gap) {
    }

    // --- conversations and members

    /**
     * Stores the server's view of a conversation. Its member list is the current one: members not in
     * it are gone. An inactive view (this user left or was removed) lists nobody; then the members as
     * they were are kept, for names and this user's read position. Entries before {@code me} joined
     * were never theirs: the sync cursor starts after them.
     */
    public synchronized void saveConversation(ConversationView view, UserId me) {
        run(() -> {
            if (exists("SELECT 1 FROM conversations WHERE id = ?", view.id().value())) {
                update("UPDATE conversations SET server_last_seq = GREATEST(server_last_seq, CAST(? AS BIGINT)), "
                                + "name = ?, description = ?, active = ?, join_approval = ?, avatar_tag = ? WHERE id = ?",
                        view.lastSeq(), view.name(), view.description(), view.active(), view.joinApproval(),
                        view.avatarTag(), view.id().value());
            } else {
                update("INSERT INTO conversations (id, kind, created_at, server_last_seq, name, description, active, "
                                + "join_approval, avatar_tag) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        view.id().value(), view.kind() == ConversationKind.DIRECT ? "direct" : "group",
                        view.createdAt().toEpochMilli(), view.lastSeq(), view.name(), view.description(),
                        view.active(), view.joinApproval(), view.avatarTag());
            }
            if (view.avatarTag() == null) {
                update("DELETE FROM pictures WHERE conversation_id = ?", view.id().value());
            }
            if (view.active()) {
                Set<UUID> current = new HashSet<>();
                for (MemberView member : view.members()) {
                    current.add(member.userId().value());
                    saveMember(view.id(), member);
                }
                for (Member stored : members(view.id())) {
                    if (!current.contains(stored.userId().value())) {
                        update("DELETE FROM members WHERE conversation_id = ? AND user_id = ?", view.id().value(),
                                stored.userId().value());
                    }
                }
                long joined = view.members().stream().filter(m -> m.userId().equals(me))
                        .mapToLong(MemberView::joinedSeq).findFirst().orElse(0);
                if (joined - 1 > appliedSeq(view.id())) {
                    update("UPDATE conversations SET applied_seq = ? WHERE id = ?", joined - 1, view.id().value());
                    advance(view.id());
                }
            }
        });
    }

    private void saveMember(ConversationId conversation, MemberView m) throws SQLException {
        update("MERGE INTO people KEY (user_id) VALUES (?, ?, ?)", m.userId().value(), m.username(), m.displayName());
        if (exists("SELECT 1 FROM members WHERE conversation_id = ? AND user_id = ?", conversation.value(),
                m.userId().value())) {
            update("UPDATE members SET username = ?, display_name = ?, "
                            + "delivered_up_to = GREATEST(delivered_up_to, CAST(? AS BIGINT)), "
                            + "read_up_to = GREATEST(read_up_to, CAST(? AS BIGINT)), role = ?, joined_seq = ? "
                            + "WHERE conversation_id = ? AND user_id = ?",
                    m.username(), m.displayName(), m.deliveredUpToSeq(), m.readUpToSeq(), m.role().wireName(),
                    m.joinedSeq(), conversation.value(), m.userId().value());
        } else {
            update("INSERT INTO members (conversation_id, user_id, username, display_name, delivered_up_to, read_up_to, "
                            + "role, joined_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", conversation.value(), m.userId().value(),
                    m.username(), m.displayName(), m.deliveredUpToSeq(), m.readUpToSeq(), m.role().wireName(),
                    m.joinedSeq());
        }
    }

    /** Someone seen in any chat, by id (members who left keep their name here). */
    public synchronized Optional<Person> person(UserId user) {
        return call(() -> {
            try (PreparedStatement q = db.prepareStatement("SELECT username, display_name FROM people WHERE user_id = ?")) {
                q.setObject(1, user.value());
                try (ResultSet r = q.executeQuery()) {
                    return r.next() ? Optional.of(new Person(user, r.getString(1), r.getString(2))) : Optional.empty();
                }
            }
        });
    }

    /** Remembers someone's name (a former member the server named): entries about them show it. */
    public synchronized void savePerson(Person person) {
        update("MERGE INTO people KEY (user_id) VALUES (?, ?, ?)", person.userId().value(), person.username(),
                person.displayName());
    }

    /** Everyone who shares a direct chat with this user, by name: whom a new group can be made with. */
    public synchronized List<Person> directContacts(UserId me) {
        return call(() -> {
            try (PreparedStatement q = db.prepareStatement("SELECT DISTINCT m.user_id, m.username, m.display_name "
                    + "FROM members m JOIN conversations c ON c.id = m.conversation_id "
                    + "WHERE c.kind = 'direct' AND m.user_id <> ? ORDER BY m.display_name, m.username")) {
                q.setObject(1, me.value());
                List<Person> list = new ArrayList<>();
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        list.add(new Person(new UserId(r.getObject(1, UUID.class)), r.getString(2), r.getString(3)));
                    }
                }
                return list;
            }
        });
    }

    private boolean exists(String sql, Object... params) throws SQLException {
        try (PreparedStatement q = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                q.setObject(i + 1, params[i]);
            }
            try (ResultSet r = q.executeQuery()) {
                return r.next();
            }
        }
    }

    /** Receipt watermarks only move forward. True when anything changed. */
    public synchronized boolean saveWatermarks(ConversationId conversation, UserId user, long delivered, long read) {
        return call(() -> {
            // Reading implies delivery.
            long deliveredUpTo = Math.max(delivered, read);
            try (PreparedStatement update = db.prepareStatement("""
                    UPDATE members SET delivered_up_to = GREATEST(delivered_up_to, CAST(? AS BIGINT)),
                        read_up_to = GREATEST(read_up_to, CAST(? AS BIGINT))
                    WHERE conversation_id = ? AND user_id = ? AND (delivered_up_to < ? OR read_up_to < ?)""")) {
                update.setLong(1, deliveredUpTo);
                update.setLong(2, read);
                update.setObject(3, conversation.value());
                update.setObject(4, user.value());
                update.setLong(5, deliveredUpTo);
                update.setLong(6, read);
                return update.executeUpdate() > 0;
            }
        });
    }

    public synchronized List<Conversation> conversations() {
        return call(() -> {
            try (PreparedStatement q = db.prepareStatement(
                    "SELECT id, kind, created_at, server_last_seq, applied_seq, muted, draft, name, description, "
                            + "active, join_approval, avatar_tag FROM conversations")) {
                List<Conversation> list = new ArrayList<>();
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        list.add(new Conversation(new ConversationId(r.getObject(1, UUID.class)),
                                "direct".equals(r.getString(2)) ? ConversationKind.DIRECT : ConversationKind.GROUP,
                                Instant.ofEpochMilli(r.getLong(3)), r.getLong(4), r.getLong(5), r.getBoolean(6),
                                r.getString(7), r.getString(8), r.getString(9), r.getBoolean(10), r.getBoolean(11),
                                r.getString(12)));
                    }
                }
                return list;
            }
        });
    }

    public synchronized Optional<Conversation> conversation(ConversationId id) {
        return conversations().stream().filter(c -> c.id().equals(id)).findFirst();
    }

    public synchronized List<Member> members(ConversationId conversation) {
        return call(() -> {
            try (PreparedStatement q = db.prepareStatement("SELECT user_id, username, display_name, delivered_up_to, "
                    + "read_up_to, role, joined_seq FROM members WHERE conversation_id = ? ORDER BY username")) {
                q.setObject(1, conversation.value());
                List<Member> list = new ArrayList<>();
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        list.add(new Member(conversation, new UserId(r.getObject(1, UUID.class)), r.getString(2),
                                r.getString(3), r.getLong(4), r.getLong(5), MemberRole.fromWireName(r.getString(6)),
                                r.getLong(7)));
                    }
                }
                return list;
            }
        });
    }

    public synchronized List<SyncCursor> cursors() {
        return conversations().stream().map(c -> SyncCursor.of(c.id(), c.appliedSeq())).toList();
    }

    public synchronized void setMuted(ConversationId conversation, boolean muted) {
        update("UPDATE conversations SET muted = ? WHERE id = ?", muted, conversation.value());
    }

    public synchronized void saveDraft(ConversationId conversation, String draft) {
        update("UPDATE conversations SET draft = ? WHERE id = ?", draft == null || draft.isEmpty() ? null : draft,
                conversation.value());
    }

    // --- the log

    /** Stores an entry (once: by conversation and seq) and moves the conversation's cursor over every contiguous entry. */
    public synchronized Applied apply(MessageView m) {
        return call(() -> {
            boolean added = !exists("SELECT 1 FROM messages WHERE conversation_id = ? AND seq = ?",
                    m.conversationId().value(), m.seq());
            if (added) {
                update("INSERT INTO messages VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", m.conversationId().value(), m.seq(),
                        m.id().value(), m.kind().wireName(), m.senderId().value(),
                        m.senderDeviceId() == null ? null : m.senderDeviceId().value(), m.clientMessageId(), m.text(),
                        m.subjectUserId() == null ? null : m.subjectUserId().value(), m.sentAt().toEpochMilli());
            }
            long next = advance(m.conversationId());
            return new Applied(added, m.seq() > next);
        });
    }

    /** Moves the cursor over every stored entry that follows it without a gap; returns where it stands. */
    private long advance(ConversationId conversation) throws SQLException {
        long applied = appliedSeq(conversation);
        long next = applied;
        try (PreparedStatement q = db.prepareStatement(
                "SELECT seq FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq")) {
            q.setObject(1, conversation.value());
            q.setLong(2, applied);
            try (ResultSet r = q.executeQuery()) {
                while (r.next() && r.getLong(1) == next + 1) {
                    next++;
                }
            }
        }
        if (next != applied) {
            update("UPDATE conversations SET applied_seq = ?, server_last_seq = GREATEST(server_last_seq, CAST(? AS BIGINT)) "
                    + "WHERE id = ?", next, next, conversation.value());
        }
        return next;
    }

    public synchronized long appliedSeq(ConversationId conversation) {
        return call(() -> {
            try (PreparedStatement q = db.prepareStatement("SELECT applied_seq FROM conversations WHERE id = ?")) {
                q.setObject(1, conversation.value());
                try (ResultSet r = q.executeQuery()) {
                    return r.next() ? r.getLong(1) : 0L;
                }
            }
        });
    }

    /** Up to {@code limit} entries before {@code beforeSeq} (null: the newest), oldest first. */
    public synchronized List<Entry> entries(ConversationId conversation, Long beforeSeq, int limit) {
        return call(() -> {
            try (PreparedStatement q = db.prepareStatement("SELECT * FROM (SELECT conversation_id, seq, id, kind, "
                    + "sender_id, client_message_id, text, subject_user_id, sent_at FROM messages "
                    + "WHERE conversation_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?) ORDER BY seq")) {
                q.setObject(1, conversation.value());
                q.setLong(2, beforeSeq == null ? Long.MAX_VALUE : beforeSeq);
                q.setInt(3, limit);
                return entryList(q);
            }
        });
    }

    public synchronized Optional<Entry> newest(ConversationId conversation) {
        List<Entry> last = entries(conversation, null, 1);
        return last.isEmpty() ? Optional.empty() : Optional.of(last.getFirst());
    }

    /** Entries of others after {@code afterSeq}: the unread count. */
    public synchronized int countFromOthers(ConversationId conversation, UserId me, long afterSeq) {
        return call(() -> {
            try (PreparedStatement q = db.prepareStatement("SELECT COUNT(*) FROM messages WHERE conversation_id = ? "
                    + "AND seq > ? AND sender_id <> ? AND kind = 'text'")) {
                q.setObject(1, conversation.value());
                q.setLong(2, afterSeq);
                q.setObject(3, me.value());
                try (ResultSet r = q.executeQuery()) {
                    r.next();
                    return r.getInt(1);
                }
            }
        });
    }

    /** Text entries whose text contains every word of {@code query}, ignoring case; newest first. */
    public synchronized List<Entry> search(String query, int limit) {
        String[] words = query.toLowerCase(java.util.Locale.ROOT).strip().split("\\s+");
        StringBuilder sql = new StringBuilder("SELECT conversation_id, seq, id, kind, sender_id, client_message_id, "
                + "text, subject_user_id, sent_at FROM messages WHERE kind = 'text'");
        for (int i = 0; i < words.length; i++) {
            sql.append(" AND LOWER(text) LIKE ? ESCAPE '\\'");
        }
        sql.append(" ORDER BY sent_at DESC LIMIT ?");
        return call(() -> {
            try (PreparedStatement q = db.prepareStatement(sql.toString())) {
                int i = 1;
                for (String word : words) {
                    q.setString(i++, "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
                }
                q.setInt(i, limit);
                return entryList(q);
            }
        });
    }

    // --- group pictures

    /** A fetched group picture and the tag it was fetched under. */
    public record StoredPicture(String tag, String contentType, byte[] image) {
    }

    /** The newest picture fetched for a conversation, whatever its tag (compare it with the current one). */
    public synchronized Optional<StoredPicture> picture(ConversationId conversation) {
        return call(() -> {
            try (PreparedStatement q = db.prepareStatement(
                    "SELECT tag, content_type, image FROM pictures WHERE conversation_id = ?")) {
                q.setObject(1, conversation.value());
                try (ResultSet r = q.executeQuery()) {
                    return r.next() ? Optional.of(new StoredPicture(r.getString(1), r.getString(2), r.getBytes(3)))
                            : Optional.empty();
                }
            }
        });
    }

    /** Keeps one picture per conversation: the one fetched last. */
    public synchronized void savePicture(ConversationId conversation, String tag, String contentType, byte[] image) {
        update("MERGE INTO pictures KEY (conversation_id) VALUES (?, ?, ?, ?)", conversation.value(), tag, contentType,
                image);
    }

    // --- presence

    public synchronized void savePresence(PresenceView presence) {
        update("MERGE INTO presence KEY (user_id) VALUES (?, ?, ?)", presence.userId().value(), presence.online(),
                presence.lastSeenAt() == null ? null : presence.lastSeenAt().toEpochMilli());
    }

    public synchronized Optional<PresenceView> presence(UserId user) {
        return call(() -> {
            try (PreparedStatement q = db.prepareStatement("SELECT online, last_seen_at FROM presence WHERE user_id = ?")) {
                q.setObject(1, user.value());
                try (ResultSet r = q.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    long seen = r.getLong(2);
                    return Optional.of(new PresenceView(user, r.getBoolean(1), r.wasNull() ? null : Instant.ofEpochMilli(seen)));
                }
            }
        });
    }

    /** After a restart nobody is known to be online until the server says so. */
    public synchronized void forgetOnline() {
        update("UPDATE presence SET online = FALSE");
    }

    // --- outbox

    public synchronized void enqueue(Queued message) {
        update("INSERT INTO outbox (client_message_id, conversation_id, text, created_at) VALUES (?, ?, ?, ?)",
                message.clientMessageId(), message.conversationId().value(), message.text(),
                message.createdAt().toEpochMilli());
    }

    /** Everything in the outbox, in the order it was written. */
    public synchronized List<Queued> outbox() {
        return call(() -> {
            try (PreparedStatement q = db.prepareStatement("SELECT client_message_id, conversation_id, text, created_at, "
                    + "failed_code, failed_message FROM outbox ORDER BY position")) {
                List<Queued> list = new ArrayList<>();
                try (ResultSet r = q.executeQuery()) {
                    while (r.next()) {
                        list.add(new Queued(r.getObject(1, UUID.class), new ConversationId(r.getObject(2, UUID.class)),
                                r.getString(3), Instant.ofEpochMilli(r.getLong(4)), r.getString(5), r.getString(6)));
                    }
                }
                return list;
            }
        });
    }

    /** The message was stored by the server: it leaves the outbox and joins the log in one step. */
    public synchronized Applied acknowledged(UUID clientMessageId, MessageView stored) {
        try {
            db.setAutoCommit(false);
            Applied applied = apply(stored);
            update("DELETE FROM outbox WHERE client_message_id = ?", clientMessageId);
            db.commit();
            return applied;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw e instanceof StoreException se ? se : new StoreException("Cannot record an acknowledged message", e);
        } finally {
            autoCommitQuietly();
        }
    }

    public synchronized void markFailed(UUID clientMessageId, String code, String message) {
        update("UPDATE outbox SET failed_code = ?, failed_message = ? WHERE client_message_id = ?", code, message,
                clientMessageId);
    }

    /** A failed message goes back in the queue; false when there is no such failed message. */
    public synchronized boolean requeue(UUID clientMessageId) {
        return call(() -> {
            try (PreparedStatement u = db.prepareStatement("UPDATE outbox SET failed_code = NULL, failed_message = NULL "
                    + "WHERE client_message_id = ? AND failed_code IS NOT NULL")) {
                u.setObject(1, clientMessageId);
                return u.executeUpdate() > 0;
            }
        });
    }

    @Override
    public synchronized void close() {
        compaction.close();
        try {
            db.close();
        } catch (SQLException e) {
            throw new StoreException("Cannot close the local cache", e);
        }
    }

    // --- plumbing

    private List<Entry> entryList(PreparedStatement q) throws SQLException {
        List<Entry> list = new ArrayList<>();
        try (ResultSet r = q.executeQuery()) {
            while (r.next()) {
                UUID subject = r.getObject(8, UUID.class);
                list.add(new Entry(new ConversationId(r.getObject(1, UUID.class)), r.getLong(2),
                        new MessageId(r.getObject(3, UUID.class)), MessageKind.fromWireName(r.getString(4)),
                        new UserId(r.getObject(5, UUID.class)), r.getObject(6, UUID.class), r.getString(7),
                        subject == null ? null : new UserId(subject), Instant.ofEpochMilli(r.getLong(9))));
            }
        }
        return list;
    }

    private void update(String sql, Object... params) {
        run(() -> {
            try (PreparedStatement s = db.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    s.setObject(i + 1, params[i]);
                }
                s.executeUpdate();
            }
        });
    }

    private interface SqlWork<T> {
        T get() throws SQLException;
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    private <T> T call(SqlWork<T> work) {
        try {
            return work.get();
        } catch (SQLException e) {
            throw new StoreException("Local cache failure: " + e.getMessage(), e);
        }
    }

    private void run(SqlAction action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    private void rollbackQuietly() {
        try {
            db.rollback();
        } catch (SQLException ignored) {
            // the original failure is what matters
        }
    }

    private void autoCommitQuietly() {
        try {
            db.setAutoCommit(true);
        } catch (SQLException ignored) {
            // next statement will report a broken connection
        }
    }

    /** A failure of the local cache (disk full, corrupt file). */
    public static final class StoreException extends RuntimeException {
        public StoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }

}
