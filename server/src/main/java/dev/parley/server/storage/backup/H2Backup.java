package dev.parley.server.storage.backup;

import dev.parley.server.storage.Database;
import dev.parley.server.storage.Dialect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An online backup of the embedded H2 database with H2's {@code BACKUP TO}: a zip of the database
 * file, consistent as of one moment, written while the server goes on working. It must run inside the
 * process that holds the database open, so it runs in the server (reached through the admin socket).
 */
public final class H2Backup {
    private H2Backup() {
    }

    /** Writes the backup to {@code zip} (which must not exist yet) and returns its absolute path. */
    public static Path write(Database database, Path zip) {
        if (database.dialect() != Dialect.H2) {
            throw new BackupException("This server runs on PostgreSQL: back it up with pg_dump"
                    + " (deploy/backup/backup-postgres.sh), see docs/SELF-HOSTING.md.");
        }
        Path target = zip.toAbsolutePath().normalize();
        if (!target.getFileName().toString().endsWith(".zip")) {
            throw new BackupException("Name the backup file *.zip: " + target);
        }
        if (Files.exists(target)) {
            throw new BackupException(target + " exists already: choose a new name (backups are never overwritten).");
        }
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + target.getParent(), e);
        }
        // BACKUP TO takes a literal, not a parameter; quotes in the path are doubled.
        database.client().execute().dml("BACKUP TO '" + target.toString().replace("'", "''") + "'");
        if (!Files.exists(target)) {
            throw new BackupException("The database wrote no backup to " + target);
        }
        return target;
    }
}
