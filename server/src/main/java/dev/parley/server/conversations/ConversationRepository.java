package dev.parley.server.conversations;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.ConversationKind;
import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MemberRole;
import dev.parley.protocol.model.MemberView;
import dev.parley.protocol.model.UserView;
import dev.parley.protocol.rest.JoinRequestList;
import dev.parley.server.storage.Database;
import dev.parley.server.storage.Rows;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * SQL for conversations, their members (current and former) with roles and receipt watermarks, group
 * invite codes and join requests. A member row with {@code left_seq} set is a former member.
 */
public final class ConversationRepository {
    private static final String CONVERSATION_COLUMNS = "c.id, c.kind, c.created_at, c.last_seq, c.name, "
            + "c.description, c.join_approval, c.avatar_tag";
    private static final String VIEW_SELECT = "SELECT " + CONVERSATION_COLUMNS + ", m.user_id, m.role, m.joined_seq, "
            + "m.delivered_up_to_seq, m.read_up_to_seq, u.username, u.display_name "
            + "FROM conversations c "
            + "JOIN conversation_members m ON m.conversation_id = c.id AND m.left_seq IS NULL "
            + "JOIN users u ON u.id = m.user_id ";

    private final DbClient db;
    private final boolean arrayStatements;

    public ConversationRepository(Database database) {
        this.arrayStatements = database.dialect().prefersArrayStatements();
        this.db = database.client();
    }

    /** One user's standing in a conversation; {@code leftSeq} is null while they are a member. */
    public record Membership(MemberRole role, long joinedSeq, Long leftSeq) {
        public boolean active() {
            return leftSeq == null;
        }

        /** The first seq this user may read: all of a conversation they were in from its start. */
        public long readableFrom() {
            return Math.max(1, joinedSeq);
        }
    }

    /** A conversation in a user's list, with the range of its log that user may read. */
    public record Listed(ConversationView view, long readableFrom) {
    }

    public Optional<ConversationId> findDirect(String directKey) {
        return db.execute().get("SELECT id FROM conversations WHERE direct_key = ?", directKey)
                .map(row -> new ConversationId(Rows.uuid(row, "id")));
    }

    public void insertConversation(DbExecute tx, ConversationId id, ConversationKind kind, String directKey,
                                   String name, String description, String inviteCode, Instant createdAt) {
        tx.insert("INSERT INTO conversations (id, kind, direct_key, name, description, invite_code, created_at, last_seq) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
                id.value(), kind == ConversationKind.DIRECT ? "direct" : "group", directKey, name, description,
                inviteCode, createdAt.toEpochMilli());
    }

    /** Makes {@code user} a member from {@code joinedSeq} on, whether or not they were one before. */
    public void addMember(DbExecute tx, ConversationId id, UserId user, MemberRole role, long joinedSeq, Instant at) {
        long updated = tx.update("UPDATE conversation_members SET role = ?, joined_seq = ?, left_seq = NULL, joined_at = ? "
                        + "WHERE conversation_id = ? AND user_id = ?",
                role.wireName(), joinedSeq, at.toEpochMilli(), id.value(), user.value());
        if (updated == 0) {
            tx.insert("INSERT INTO conversation_members (conversation_id, user_id, joined_at, role, joined_seq) "
                    + "VALUES (?, ?, ?, ?, ?)", id.value(), user.value(), at.toEpochMilli(), role.wireName(), joinedSeq);
        }
    }

    public void endMembership(DbExecute tx, ConversationId id, UserId user, long leftSeq) {
        tx.update("UPDATE conversation_members SET left_seq = ?, role = 'member' WHERE conversation_id = ? AND user_id = ?",
                leftSeq, id.value(), user.value());
    }

    public void setRole(DbExecute tx, ConversationId id, UserId user, MemberRole role) {
        tx.update("UPDATE conversation_members SET role = ? WHERE conversation_id = ? AND user_id = ? AND left_seq IS NULL",
                role.wireName(), id.value(), user.value());
    }

    public Optional<Membership> membership(DbExecute exec, ConversationId id, UserId user) {
        return exec.get("SELECT role, joined_seq, left_seq FROM conversation_members WHERE conversation_id = ? AND user_id = ?",
                id.value(), user.value()).map(row -> new Membership(MemberRole.fromWireName(Rows.string(row, "role")),
                Rows.longValue(row, "joined_seq"), Rows.nullableLong(row, "left_seq")));
    }

    public Optional<Membership> membership(ConversationId id, UserId user) {
        return membership(db.execute(), id, user);
    }

    /** The current members. */
    public List<UserId> memberIds(ConversationId id) {
        return memberIds(db.execute(), id);
    }

    public List<UserId> memberIds(DbExecute exec, ConversationId id) {
        return Database.list(exec.query("SELECT user_id FROM conversation_members WHERE conversation_id = ? "
                + "AND left_seq IS NULL", id.value()), row -> new UserId(Rows.uuid(row, "user_id")));
    }

    /** The current members with their roles, longest-standing first (ties by username). */
    public List<MemberView> members(DbExecute exec, ConversationId id) {
        return Database.list(exec.query("SELECT m.user_id, m.role, m.joined_seq, m.delivered_up_to_seq, "
                + "m.read_up_to_seq, u.username, u.display_name FROM conversation_members m "
                + "JOIN users u ON u.id = m.user_id WHERE m.conversation_id = ? AND m.left_seq IS NULL "
                + "ORDER BY m.joined_seq, u.username", id.value()), ConversationRepository::member);
    }

    /**
     * Locks the conversation row until the transaction ends and returns its last seq. Every writer
     * of the log goes through this lock, so seqs are assigned one at a time and commit in order.
     */
    public Optional<Long> lockLastSeq(DbExecute tx, ConversationId id) {
        return tx.get("SELECT last_seq FROM conversations WHERE id = ? FOR UPDATE", id.value())
                .map(row -> Rows.longValue(row, "last_seq"));
    }

    /** {@link #lockLastSeq} for several conversations in one statement, locking rows in id order. */
    public Map<ConversationId, Long> lockLastSeqs(DbExecute tx, Collection<ConversationId> ids) {
        Map<ConversationId, Long> lastSeqs = new HashMap<>();
        Stream<DbRow> rows = arrayStatements
                ? tx.query("SELECT id, last_seq FROM conversations WHERE id = ANY(CAST(? AS UUID ARRAY)) ORDER BY id "
                        + "FOR UPDATE", uuidArray(ids))
                : tx.query("SELECT id, last_seq FROM conversations WHERE id IN (" + marks(ids.size()) + ") ORDER BY id "
                        + "FOR UPDATE", ids.stream().map(ConversationId::value).toArray());
        Database.list(rows, row -> row)
                .forEach(row -> lastSeqs.put(new ConversationId(Rows.uuid(row, "id")), Rows.longValue(row, "last_seq")));
        return lastSeqs;
    }

    /** The current members of several conversations. */
    public Map<ConversationId, Set<UserId>> memberIds(DbExecute exec, Collection<ConversationId> ids) {
        Map<ConversationId, Set<UserId>> members = new HashMap<>();
        Stream<DbRow> rows = arrayStatements
                ? exec.query("SELECT conversation_id, user_id FROM conversation_members "
                        + "WHERE conversation_id = ANY(CAST(? AS UUID ARRAY)) AND left_seq IS NULL", uuidArray(ids))
                : exec.query("SELECT conversation_id, user_id FROM conversation_members WHERE conversation_id IN ("
                        + marks(ids.size()) + ") AND left_seq IS NULL", ids.stream().map(ConversationId::value).toArray());
        Database.list(rows, row -> row).forEach(row -> members.computeIfAbsent(new ConversationId(Rows.uuid(row, "conversation_id")),
                k -> new LinkedHashSet<>()).add(new UserId(Rows.uuid(row, "user_id"))));
        return members;
    }

    /** Sets the last seq of several conversations in one statement. */
    public void updateLastSeqs(DbExecute tx, Map<ConversationId, Long> lastSeqs) {
        if (!arrayStatements) {
            StringBuilder sql = new StringBuilder("UPDATE conversations SET last_seq = CASE id");
            List<Object> params = new ArrayList<>();
            lastSeqs.forEach((id, seq) -> {
                sql.append(" WHEN ? THEN CAST(? AS BIGINT)");
                params.add(id.value());
                params.add(seq);
            });
            sql.append(" END WHERE id IN (").append(marks(lastSeqs.size())).append(")");
            lastSeqs.keySet().forEach(id -> params.add(id.value()));
            tx.update(sql.toString(), params.toArray());
            return;
        }
        tx.update("MERGE INTO conversations c USING (SELECT * FROM UNNEST(CAST(? AS UUID ARRAY), CAST(? AS BIGINT ARRAY))) "
                        + "AS v(id, seq) ON c.id = v.id WHEN MATCHED THEN UPDATE SET last_seq = v.seq",
                uuidArray(lastSeqs.keySet()), lastSeqs.values().toArray(Long[]::new));
    }

    static String marks(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    /**
     * Ids as one array parameter: a statement with {@code = ANY(CAST(? AS UUID ARRAY))} has the same
     * text whatever the count, so PostgreSQL parses and plans it once instead of once per batch size.
     * Strings, because Helidon binds UUIDs so.
     */
    private static Object uuidArray(Collection<ConversationId> ids) {
        return ids.stream().map(id -> id.value().toString()).toArray(String[]::new);
    }

    public void updateLastSeq(DbExecute tx, ConversationId id, long lastSeq) {
        tx.update("UPDATE conversations SET last_seq = ? WHERE id = ?", lastSeq, id.value());
    }

    public long lastSeq(ConversationId id) {
        return db.execute().get("SELECT last_seq FROM conversations WHERE id = ?", id.value())
                .map(row -> Rows.longValue(row, "last_seq")).orElse(0L);
    }

    /** Someone who is or was a member of the conversation. */
    public Optional<UserView> person(ConversationId id, UserId user) {
        return db.execute().get("SELECT u.id, u.username, u.display_name FROM conversation_members m "
                        + "JOIN users u ON u.id = m.user_id WHERE m.conversation_id = ? AND m.user_id = ?",
                id.value(), user.value()).map(row -> new UserView(new UserId(Rows.uuid(row, "id")),
                Rows.string(row, "username"), Rows.string(row, "display_name")));
    }

    /** A group's settings; empty for a direct chat or no conversation. */
    public record Group(ConversationId id, String name, String description, boolean joinApproval, String inviteCode) {
    }

    public Optional<Group> group(DbExecute exec, ConversationId id) {
        return exec.get("SELECT id, name, description, join_approval, invite_code FROM conversations "
                + "WHERE id = ? AND kind = 'group'", id.value()).map(ConversationRepository::group);
    }

    public Optional<Group> groupByInviteCode(String code) {
        return db.execute().get("SELECT id, name, description, join_approval, invite_code FROM conversations "
                + "WHERE invite_code = ? AND kind = 'group'", code).map(ConversationRepository::group);
    }

    public void updateGroup(DbExecute tx, ConversationId id, String name, String description, boolean joinApproval) {
        tx.update("UPDATE conversations SET name = ?, description = ?, join_approval = ? WHERE id = ?",
                name, description, joinApproval, id.value());
    }

    public void setInviteCode(DbExecute tx, ConversationId id, String code) {
        tx.update("UPDATE conversations SET invite_code = ? WHERE id = ?", code, id.value());
    }

    /** A group picture as stored. */
    public record Avatar(String contentType, byte[] image, String tag) {
    }

    public Optional<Avatar> avatar(ConversationId id) {
        return db.execute().get("SELECT a.content_type, a.image, c.avatar_tag FROM conversation_avatars a "
                        + "JOIN conversations c ON c.id = a.conversation_id WHERE a.conversation_id = ?", id.value())
                .map(row -> new Avatar(Rows.string(row, "content_type"), Rows.bytes(row, "image"),
                        Rows.string(row, "avatar_tag")));
    }

    /** Stores a new picture (or none, when {@code avatar} is null). */
    public void setAvatar(DbExecute tx, ConversationId id, Avatar avatar, Instant at) {
        tx.delete("DELETE FROM conversation_avatars WHERE conversation_id = ?", id.value());
        if (avatar != null) {
            tx.insert("INSERT INTO conversation_avatars (conversation_id, content_type, image, updated_at) VALUES (?, ?, ?, ?)",
                    id.value(), avatar.contentType(), avatar.image(), at.toEpochMilli());
        }
        tx.update("UPDATE conversations SET avatar_tag = ? WHERE id = ?", avatar == null ? null : avatar.tag(), id.value());
    }

    public int memberCount(DbExecute exec, ConversationId id) {
        return exec.get("SELECT COUNT(*) AS n FROM conversation_members WHERE conversation_id = ? AND left_seq IS NULL",
                id.value()).map(row -> (int) Rows.longValue(row, "n")).orElse(0);
    }

    /** Records a request to join; false when the user had already asked. */
    public boolean addJoinRequest(DbExecute tx, ConversationId id, UserId user, Instant at) {
        if (tx.get("SELECT 1 AS one FROM join_requests WHERE conversation_id = ? AND user_id = ?",
                id.value(), user.value()).isPresent()) {
            return false;
        }
        tx.insert("INSERT INTO join_requests (conversation_id, user_id, requested_at) VALUES (?, ?, ?)",
                id.value(), user.value(), at.toEpochMilli());
        return true;
    }

    /** False when there was no such request. */
    public boolean removeJoinRequest(DbExecute tx, ConversationId id, UserId user) {
        return tx.delete("DELETE FROM join_requests WHERE conversation_id = ? AND user_id = ?",
                id.value(), user.value()) > 0;
    }

    public List<JoinRequestList.Entry> joinRequests(ConversationId id) {
        return Database.list(db.execute().query("SELECT u.id, u.username, u.display_name, r.requested_at "
                        + "FROM join_requests r JOIN users u ON u.id = r.user_id WHERE r.conversation_id = ? "
                        + "ORDER BY r.requested_at, u.username", id.value()),
                row -> new JoinRequestList.Entry(new UserView(new UserId(Rows.uuid(row, "id")),
                        Rows.string(row, "username"), Rows.string(row, "display_name")),
                        Rows.instant(row, "requested_at")));
    }

    /**
     * The conversations {@code user} is or was in: current ones with all their members, former ones
     * as inactive views that end at the entry that ended the membership.
     */
    public List<Listed> conversationsOf(UserId user) {
        List<Listed> listed = new ArrayList<>();
        Map<ConversationId, Long> readableFrom = new LinkedHashMap<>();
        Database.list(db.execute().query("SELECT conversation_id, joined_seq FROM conversation_members "
                + "WHERE user_id = ? AND left_seq IS NULL", user.value()), row -> row)
                .forEach(row -> readableFrom.put(new ConversationId(Rows.uuid(row, "conversation_id")),
                        Math.max(1, Rows.longValue(row, "joined_seq"))));
        for (ConversationView view : views(Database.list(db.execute().query(VIEW_SELECT
                + "WHERE c.id IN (SELECT conversation_id FROM conversation_members WHERE user_id = ? AND left_seq IS NULL) "
                + "ORDER BY c.created_at, c.id, m.joined_seq, u.username", user.value()), r -> r))) {
            listed.add(new Listed(view, readableFrom.getOrDefault(view.id(), 1L)));
        }
        Database.list(db.execute().query("SELECT " + CONVERSATION_COLUMNS + ", m.joined_seq, m.left_seq "
                        + "FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id "
                        + "WHERE m.user_id = ? AND m.left_seq IS NOT NULL ORDER BY c.created_at, c.id", user.value()),
                row -> row).forEach(row -> listed.add(new Listed(inactiveView(row), Math.max(1, Rows.longValue(row, "joined_seq")))));
        return listed;
    }

    /** A conversation with its current members. */
    public Optional<ConversationView> conversation(ConversationId id) {
        return views(Database.list(db.execute().query(VIEW_SELECT + "WHERE c.id = ? ORDER BY m.joined_seq, u.username",
                id.value()), r -> r)).stream().findFirst();
    }

    /** The conversation as a former member sees it: no members, the log up to where they left. */
    public Optional<ConversationView> formerView(ConversationId id, UserId user) {
        return db.execute().get("SELECT " + CONVERSATION_COLUMNS + ", m.left_seq FROM conversations c "
                        + "JOIN conversation_members m ON m.conversation_id = c.id "
                        + "WHERE c.id = ? AND m.user_id = ? AND m.left_seq IS NOT NULL", id.value(), user.value())
                .map(ConversationRepository::inactiveView);
    }

    /** Everyone who shares at least one conversation with {@code user} now, not counting the user. */
    public Set<UserId> contactsOf(UserId user) {
        return Database.list(db.execute().query("SELECT DISTINCT other.user_id FROM conversation_members mine "
                                + "JOIN conversation_members other ON other.conversation_id = mine.conversation_id "
                                + "WHERE mine.user_id = ? AND other.user_id <> ? "
                                + "AND mine.left_seq IS NULL AND other.left_seq IS NULL", user.value(), user.value()),
                        row -> new UserId(Rows.uuid(row, "user_id")))
                .stream().collect(Collectors.toUnmodifiableSet());
    }

    /** A member's receipt watermarks before and after an update. */
    public record WatermarkChange(long deliveredBefore, long readBefore, long deliveredAfter, long readAfter) {
        public boolean changed() {
            return deliveredBefore != deliveredAfter || readBefore != readAfter;
        }
    }

    /**
     * Receipt watermarks only move forward, and reading implies delivery. One row update, whatever
     * the size of the conversation; the two reads around it tell what changed.
     */
    public WatermarkChange advanceWatermarks(ConversationId id, UserId user, long deliveredUpTo, long readUpTo) {
        long[] before = watermarks(id, user);
        db.execute().update("UPDATE conversation_members SET "
                        + "delivered_up_to_seq = GREATEST(delivered_up_to_seq, ?, ?), "
                        + "read_up_to_seq = GREATEST(read_up_to_seq, ?) "
                        + "WHERE conversation_id = ? AND user_id = ? AND left_seq IS NULL",
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

    private static Group group(DbRow row) {
        return new Group(new ConversationId(Rows.uuid(row, "id")), Rows.string(row, "name"),
                Rows.string(row, "description"), Rows.bool(row, "join_approval"), Rows.string(row, "invite_code"));
    }

    private static MemberView member(DbRow r) {
        return new MemberView(new UserId(Rows.uuid(r, "user_id")), Rows.string(r, "username"),
                Rows.string(r, "display_name"), MemberRole.fromWireName(Rows.string(r, "role")),
                Rows.longValue(r, "joined_seq"), Rows.longValue(r, "delivered_up_to_seq"),
                Rows.longValue(r, "read_up_to_seq"));
    }

    private static ConversationKind kind(DbRow row) {
        return "direct".equals(Rows.string(row, "kind")) ? ConversationKind.DIRECT : ConversationKind.GROUP;
    }

    private static ConversationView inactiveView(DbRow row) {
        return new ConversationView(new ConversationId(Rows.uuid(row, "id")), kind(row), Rows.instant(row, "created_at"),
                Rows.longValue(row, "left_seq"), List.of(), Rows.string(row, "name"), Rows.string(row, "description"),
                false, Rows.bool(row, "join_approval"), Rows.string(row, "avatar_tag"));
    }

    private static List<ConversationView> views(List<DbRow> rows) {
        Map<ConversationId, List<DbRow>> byConversation = new LinkedHashMap<>();
        for (DbRow row : rows) {
            byConversation.computeIfAbsent(new ConversationId(Rows.uuid(row, "id")), k -> new ArrayList<>()).add(row);
        }
        List<ConversationView> views = new ArrayList<>(byConversation.size());
        byConversation.forEach((id, memberRows) -> {
            DbRow first = memberRows.getFirst();
            List<MemberView> members = memberRows.stream().map(ConversationRepository::member).toList();
            views.add(new ConversationView(id, kind(first), Rows.instant(first, "created_at"),
                    Rows.longValue(first, "last_seq"), members, Rows.string(first, "name"),
                    Rows.string(first, "description"), true, Rows.bool(first, "join_approval"),
                    Rows.string(first, "avatar_tag")));
        });
        return views;
    }
}
