package dev.parley.server.accounts;

import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.ids.UserId;
import dev.parley.server.storage.Database;
import dev.parley.server.storage.Rows;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** SQL for users and their devices. No rules here: those live in {@link AccountService}. */
public final class AccountRepository {
    private static final String USER_COLUMNS =
            "id, username, display_name, email, password_hash, invite_code, created_at, last_seen_at";
    private static final String DEVICE_COLUMNS = "id, user_id, name, created_at, last_active_at, revoked_at";

    private final DbClient db;

    public AccountRepository(Database database) {
        this.db = database.client();
    }

    public void insertUser(DbExecute exec, UserRecord user) {
        exec.insert("INSERT INTO users (" + USER_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                user.id().value(), user.username(), user.displayName(), user.email(), user.passwordHash(),
                user.inviteCode(), user.createdAt().toEpochMilli(), null);
    }

    public Optional<UserRecord> findUserByUsername(String username) {
        return db.execute().get("SELECT " + USER_COLUMNS + " FROM users WHERE username = ?", username)
                .map(AccountRepository::user);
    }

    public Optional<UserRecord> findUserById(UserId id) {
        return db.execute().get("SELECT " + USER_COLUMNS + " FROM users WHERE id = ?", id.value())
                .map(AccountRepository::user);
    }

    public Optional<UserRecord> findUserByInviteCode(String code) {
        return db.execute().get("SELECT " + USER_COLUMNS + " FROM users WHERE invite_code = ?", code)
                .map(AccountRepository::user);
    }

    public boolean emailTaken(String email) {
        return db.execute().get("SELECT 1 AS one FROM users WHERE email = ?", email).isPresent();
    }

    public void updatePasswordHash(UserId id, String hash) {
        db.execute().update("UPDATE users SET password_hash = ? WHERE id = ?", hash, id.value());
    }

    public void updateInviteCode(UserId id, String code) {
        db.execute().update("UPDATE users SET invite_code = ? WHERE id = ?", code, id.value());
    }

    /** The recorded last-seen time of each of these users who has one. */
    public Map<UserId, Instant> lastSeenOf(List<UserId> users) {
        Map<UserId, Instant> seen = new HashMap<>();
        for (int from = 0; from < users.size(); from += 500) {
            List<UserId> chunk = users.subList(from, Math.min(users.size(), from + 500));
            String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            Database.list(db.execute().query("SELECT id, last_seen_at FROM users WHERE last_seen_at IS NOT NULL AND id IN ("
                            + marks + ")", chunk.stream().map(UserId::value).toArray()), row -> row)
                    .forEach(row -> seen.put(new UserId(Rows.uuid(row, "id")), Rows.instant(row, "last_seen_at")));
        }
        return seen;
    }

    public void updateLastSeen(UserId id, Instant at) {
        db.execute().update("UPDATE users SET last_seen_at = ? WHERE id = ?", at.toEpochMilli(), id.value());
    }

    public void insertDevice(DeviceRecord device, String tokenHash) {
        db.execute().insert("INSERT INTO devices (id, user_id, name, token_hash, created_at, last_active_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)",
                device.id().value(), device.userId().value(), device.name(), tokenHash,
                device.createdAt().toEpochMilli(), device.lastActiveAt().toEpochMilli());
    }

    public Optional<DeviceRecord> findDeviceByTokenHash(String tokenHash) {
        return db.execute().get("SELECT " + DEVICE_COLUMNS + " FROM devices WHERE token_hash = ?", tokenHash)
                .map(AccountRepository::device);
    }

    public void touchDevice(DeviceId id, Instant at) {
        db.execute().update("UPDATE devices SET last_active_at = ? WHERE id = ?", at.toEpochMilli(), id.value());
    }

    /** Revokes one device of the user; false when the user has no such active device. */
    public boolean revokeDevice(UserId userId, DeviceId deviceId, Instant at) {
        return db.execute().update("UPDATE devices SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL",
                at.toEpochMilli(), deviceId.value(), userId.value()) > 0;
    }

    public List<DeviceRecord> activeDevices(UserId userId) {
        return Database.list(db.execute().query("SELECT " + DEVICE_COLUMNS
                        + " FROM devices WHERE user_id = ? AND revoked_at IS NULL ORDER BY created_at",
                userId.value()), AccountRepository::device);
    }

    public List<DeviceRecord> allDevices(UserId userId) {
        return Database.list(db.execute().query("SELECT " + DEVICE_COLUMNS
                + " FROM devices WHERE user_id = ? ORDER BY created_at", userId.value()), AccountRepository::device);
    }

    private static UserRecord user(DbRow row) {
        return new UserRecord(new UserId(Rows.uuid(row, "id")), Rows.string(row, "username"),
                Rows.string(row, "display_name"), Rows.string(row, "email"), Rows.string(row, "password_hash"),
                Rows.string(row, "invite_code"), Rows.instant(row, "created_at"), Rows.instant(row, "last_seen_at"));
    }

    private static DeviceRecord device(DbRow row) {
        return new DeviceRecord(new DeviceId(Rows.uuid(row, "id")), new UserId(Rows.uuid(row, "user_id")),
                Rows.string(row, "name"), Rows.instant(row, "created_at"), Rows.instant(row, "last_active_at"),
                Rows.instant(row, "revoked_at"));
    }
}
