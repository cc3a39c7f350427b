package dev.parley.server.crypto;

import dev.parley.server.storage.Database;
import dev.parley.server.storage.Rows;
import io.helidon.dbclient.DbClient;

import java.time.Instant;
import java.util.Set;
import java.util.stream.Collectors;

/** SQL for the ids of the master keys that message bodies have been encrypted under. */
public final class KeyRegistry {
    private final DbClient db;

    public KeyRegistry(Database database) {
        this.db = database.client();
    }

    public Set<String> knownKeyIds() {
        return Database.list(db.execute().query("SELECT key_id FROM encryption_keys"), row -> Rows.string(row, "key_id"))
                .stream().collect(Collectors.toUnmodifiableSet());
    }

    public void register(String keyId, Instant at) {
        if (db.execute().get("SELECT key_id FROM encryption_keys WHERE key_id = ?", keyId).isPresent()) {
            return;
        }
        try {
            db.execute().insert("INSERT INTO encryption_keys (key_id, first_used_at) VALUES (?, ?)", keyId,
                    at.toEpochMilli());
        } catch (RuntimeException e) {
            if (!Database.isUniqueViolation(e)) {
                throw e;
            }
            // Another node registered it at the same moment.
        }
    }
}
