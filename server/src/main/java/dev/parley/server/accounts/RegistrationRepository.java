package dev.parley.server.accounts;

import dev.parley.server.storage.Database;
import dev.parley.server.storage.Rows;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** SQL for the registration mode and registration invites. No rules here: those live in {@link Registration}. */
public final class RegistrationRepository {
    private static final String MODE = "registration";
    private static final String INVITE_COLUMNS = "code_hash, created_at, expires_at, uses_left, revoked_at, created_by";

    private final DbClient db;

    public RegistrationRepository(Database database) {
        this.db = database.client();
    }

    /** The stored mode name; V5 stores 'open', so it is absent only if someone deleted the row. */
    public Optional<String> mode(DbExecute exec) {
        return exec.get("SELECT text_value FROM server_settings WHERE name = ?", MODE)
                .map(row -> Rows.string(row, "text_value"));
    }

    public void setMode(String mode) {
        if (db.execute().update("UPDATE server_settings SET text_value = ? WHERE name = ?", mode, MODE) == 0) {
            db.execute().insert("INSERT INTO server_settings (name, text_value) VALUES (?, ?)", MODE, mode);
        }
    }

    public void insertInvite(RegistrationInvite invite) {
        db.execute().insert("INSERT INTO registration_invites (" + INVITE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)",
                invite.codeHash(), invite.createdAt().toEpochMilli(),
                invite.expiresAt() == null ? null : invite.expiresAt().toEpochMilli(), invite.usesLeft(), null,
                invite.createdBy());
    }

    /**
     * Takes one use of the invite if it is valid at {@code now}; false if it is unknown, expired, used up or
     * revoked. The update locks the row until the transaction ends, so concurrent registrations with the
     * same invite take its uses one at a time, each seeing the count the one before it left.
     */
    public boolean consumeInvite(DbExecute tx, String codeHash, Instant now) {
        return tx.update("UPDATE registration_invites SET uses_left = uses_left - 1 WHERE code_hash = ? "
                        + "AND revoked_at IS NULL AND uses_left > 0 AND (expires_at IS NULL OR expires_at > ?)",
                codeHash, now.toEpochMilli()) > 0;
    }

    public List<RegistrationInvite> invites() {
        return Database.list(db.execute().query("SELECT " + INVITE_COLUMNS
                + " FROM registration_invites ORDER BY created_at"), RegistrationRepository::invite);
    }

    /** The hashes of the invites whose hash starts with {@code prefix} (lower-case hex only). */
    public List<String> hashesStartingWith(String prefix) {
        return Database.list(db.execute().query("SELECT code_hash FROM registration_invites WHERE code_hash LIKE ?",
                prefix + "%"), row -> Rows.string(row, "code_hash"));
    }

    /** False when there is no such invite or it was revoked already. */
    public boolean revokeInvite(String codeHash, Instant at) {
        return db.execute().update("UPDATE registration_invites SET revoked_at = ? WHERE code_hash = ? "
                + "AND revoked_at IS NULL", at.toEpochMilli(), codeHash) > 0;
    }

    private static RegistrationInvite invite(DbRow row) {
        return new RegistrationInvite(Rows.string(row, "code_hash"), Rows.instant(row, "created_at"),
                Rows.instant(row, "expires_at"), (int) Rows.longValue(row, "uses_left"),
                Rows.instant(row, "revoked_at"), Rows.string(row, "created_by"));
    }
}
