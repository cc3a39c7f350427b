package dev.parley.server.conversations;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.ConversationKind;
import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MemberView;
import dev.parley.server.storage.Database;
import dev.parley.server.storage.Rows;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** SQL for conversations, their members and the members' receipt watermarks. */
public final class ConversationRepository {
    private static final String VIEW_SELECT = "SELECT c.id, c.kind, c.created_at, c.last_seq, m.user_id, "
            + "m.delivered_up_to_seq, m.read_up_to_seq, u.username, u.display_name "
            + "FROM conversations c "
            + "JOIN conversation_members m ON m.conversation_id = c.id "
            + "JOIN users u ON u.id = m.user_id ";

    private final DbClient db;

    public ConversationRepository(Database database) {
        this.db = database.client();
    }

    public Optional<ConversationId> findDirect(String directKey) {
        return db.execute().get("SELECT id FROM conversations WHERE direct_key = ?", directKey)
                .map(row -> new ConversationId(Rows.uuid(row, "id")));
    }

    public void insertConversation(DbExecute tx, ConversationId id, ConversationKind kind, String directKey,
                                   Instant createdAt, long lastSeq) {
        tx.insert("INSERT INTO conversations (id, kind, direct_key, created_at, last_seq) VALUES (?, ?, ?, ?, ?)",
                id.value(), kind == ConversationKind.DIRECT ? "direct" : "group", directKey,
                createdAt.toEpochMilli(), lastSeq);
    }

    public void insertMember(DbExecute tx, ConversationId id, UserId user, Instant joinedAt) {
        tx.insert("INSERT INTO conversation_members (conversation_id, user_id, joined_at) VALUES (?, ?, ?)",
                id.value(), user.value(), joinedAt.toEpochMilli());
    }

    public boolean isMember(DbExecute exec, ConversationId id, UserId user) {
        return exec.get("SELECT 1 AS one FROM conversation_members WHERE conversation_id = ? AND user_id = ?",
                id.value(), user.value()).isPresent();
    }

    public boolean isMember(ConversationId id, UserId user) {
        return isMember(db.execute(), id, user);
    }

    public List<UserId> memberIds(ConversationId id) {
        return memberIds(db.execute(), id);
    }

    public List<UserId> memberIds(DbExecute exec, ConversationId id) {
        return Database.list(exec.query("SELECT user_id FROM conversation_members WHERE conversation_id = ?",
                id.value()), row -> new UserId(Rows.uuid(row, "user_id")));
    }

    /**
     * Locks the conversation row until the transaction ends and returns its last seq. Every writer
     * of the log goes through this lock, so seqs are assigned one at a time and commit in order.
     */
    public Optional<Long> lockLastSeq(DbExecute tx, ConversationId id) {
        return tx.get("SELECT last_seq FROM conversations WHERE id = ? FOR UPDATE", id.value())
                .map(row -> Rows.longValue(row, "last_seq"));
    }

    public void updateLastSeq(DbExecute tx, ConversationId id, long lastSeq) {
        tx.update("UPDATE conversations SET last_seq = ? WHERE id = ?", lastSeq, id.value());
    }

    public long lastSeq(ConversationId id) {
        return db.execute().get("SELECT last_seq FROM conversations WHERE id = ?", id.value())
                .map(row -> Rows.longValue(row, "last_seq")).orElse(0L);
    }

    /** The conversations {@code user} is a member of, each with all of its members. */
    public List<ConversationView> conversationsOf(UserId user) {
        return views(Database.list(db.execute().query(VIEW_SELECT
                + "WHERE c.id IN (SELECT conversation_id FROM conversation_members WHERE user_id = ?) "
                + "ORDER BY c.created_at, c.id, u.username", user.value()), r -> r));
    }

    public Optional<ConversationView> conversation(ConversationId id) {
        return views(Database.list(db.execute().query(VIEW_SELECT + "WHERE c.id = ? ORDER BY u.username",
                id.value()), r -> r)).stream().findFirst();
    }

    /** Everyone who shares at least one conversation with {@code user}, not counting the user. */
    public Set<UserId> contactsOf(UserId user) {
        return Database.list(db.execute().query("SELECT DISTINCT other.user_id FROM conversation_members mine "
                                + "JOIN conversation_members other ON other.conversation_id = mine.conversation_id "
                                + "WHERE mine.user_id = ? AND other.user_id <> ?", user.value(), user.value()),
                        row -> new UserId(Rows.uuid(row, "user_id")))
                .stream().collect(Collectors.toUnmodifiableSet());
    }

    /** A member's receipt watermarks before and after an update. */
    public record WatermarkChange(long deliveredBefore, long readBefore, long deliveredAfter, long readAfter) {
        public boolean changed() {
            return deliveredBefore != deliveredAfter || readBefore != readAfter;
        }
    }

    /** Receipt watermarks only move forward, and reading implies delivery. */
    public WatermarkChange advanceWatermarks(ConversationId id, UserId user, long deliveredUpTo, long readUpTo) {
        long[] before = watermarks(id, user);
        db.execute().update("UPDATE conversation_members SET "
                        + "delivered_up_to_seq = GREATEST(delivered_up_to_seq, ?, ?), "
                        + "read_up_to_seq = GREATEST(read_up_to_seq, ?) "
                        + "WHERE conversation_id = ? AND user_id = ?",
                deliveredUpTo, readUpTo, readUpTo, id.value(), user.value());
        long[] after = watermarks(id, user);
        return new WatermarkChange(before[0], before[1], after[0], after[1]);
    }

    private long[] watermarks(ConversationId id, UserId user) {
        DbRow row = db.execute().get("SELECT delivered_up_to_seq, read_up_to_seq FROM conversation_members "
                        + "WHERE conversation_id = ? AND user_id = ?", id.value(), user.value())
                .orElseThrow(() -> new IllegalStateException("Not a member: " + user + " in " + id));
        return new long[]{Rows.longValue(row, "delivered_up_to_seq"), Rows.longValue(row, "read_up_to_seq")};
    }

    private static List<ConversationView> views(List<DbRow> rows) {
        Map<ConversationId, List<DbRow>> byConversation = new LinkedHashMap<>();
        for (DbRow row : rows) {
            byConversation.computeIfAbsent(new ConversationId(Rows.uuid(row, "id")), k -> new ArrayList<>()).add(row);
        }
        List<ConversationView> views = new ArrayList<>(byConversation.size());
        byConversation.forEach((id, memberRows) -> {
            DbRow first = memberRows.getFirst();
            List<MemberView> members = memberRows.stream()
                    .map(r -> new MemberView(new UserId(Rows.uuid(r, "user_id")), Rows.string(r, "username"),
                            Rows.string(r, "display_name"), dev.parley.protocol.model.MemberRole.MEMBER, 0,
                            Rows.longValue(r, "delivered_up_to_seq"),
                            Rows.longValue(r, "read_up_to_seq")))
                    .toList();
            ConversationKind kind = "direct".equals(Rows.string(first, "kind"))
                    ? ConversationKind.DIRECT : ConversationKind.GROUP;
            views.add(new ConversationView(id, kind, Rows.instant(first, "created_at"),
                    Rows.longValue(first, "last_seq"), members, null, null, true, false));
        });
        return views;
    }
}
