package dev.parley.server.storage.backup;

import dev.parley.server.config.ServerSettings;
import dev.parley.server.crypto.KeyRing;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code parley-server.jar restore-backup --from <backup.zip> [--key <master.key>]}: puts an embedded
 * H2 backup back into the data dir of a stopped server, then opens it and checks that the master key
 * it will start with can read it.
 */
public final class RestoreBackupCommand {
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    public RestoreBackupCommand(PrintStream out, PrintStream err, Clock clock) {
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    public static String usage() {
        return """
                Usage: java -jar parley-server.jar restore-backup --from <backup.zip> [--key <master.key>]

                Puts an embedded-database backup (made by 'admin backup') back into PARLEY_DATA_DIR. Stop the
                server first. The files it replaces are renamed *.before-restore-<time>, never deleted.
                --key also puts back the master key saved with the backup (needed when the data dir lost it).
                PostgreSQL is restored with pg_restore (deploy/backup/restore-postgres.sh).""";
    }

    /** Returns the process exit code: 0 restored and checked, 1 failed, 2 bad arguments. */
    public int run(List<String> args, ServerSettings settings) {
        Path from = null;
        Path key = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            boolean hasValue = i + 1 < args.size();
            switch (arg) {
                case "--from" -> from = hasValue ? Path.of(args.get(++i)) : null;
                case "--key" -> key = hasValue ? Path.of(args.get(++i)) : null;
                default -> {
                    err.println("Unknown argument: " + arg);
                    err.println(usage());
                    return 2;
                }
            }
        }
        if (from == null) {
            err.println("Name the backup with --from <backup.zip>.");
            err.println(usage());
            return 2;
        }
        if (!settings.dbUrl().isBlank()) {
            err.println("This server runs on PostgreSQL (PARLEY_DB_URL is set): restore with pg_restore"
                    + " (deploy/backup/restore-postgres.sh).");
            return 2;
        }
        if (!Files.isRegularFile(from)) {
            err.println("No backup at " + from);
            return 1;
        }
        try {
            H2Restore.Result result = new H2Restore(clock).restore(from, settings.dataDir(), Optional.ofNullable(key));
            out.println("Restored " + result.database() + " from " + from.toAbsolutePath());
            result.key().ifPresent(k -> out.println("Restored the master key " + k));
            result.setAside().forEach(p -> out.println("Set aside " + p));
            return check(settings);
        } catch (BackupException | UncheckedIOException e) {
            err.println("Restore failed: " + e.getMessage());
            return 1;
        }
    }

    private int check(ServerSettings settings) {
        try (Connection db = DriverManager.getConnection(settings.effectiveDbUrl(), settings.dbUser(), settings.dbPassword())) {
            Set<String> keyIds = new HashSet<>();
            try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT key_id FROM encryption_keys")) {
                while (rs.next()) {
                    keyIds.add(rs.getString(1));
                }
            }
            KeyRing.load(settings.masterKey(), settings.previousMasterKeys(), settings.dataDir(), keyIds);
            out.println(String.format(Locale.ROOT, "Checked: %,d users, %,d conversations, %,d messages; the master key reads them.",
                    count(db, "users"), count(db, "conversations"), count(db, "messages")));
            return 0;
        } catch (SQLException | IllegalStateException e) {
            err.println("Restored, but the server could not use it: " + e.getMessage());
            return 1;
        }
    }

    private static long count(Connection db, String table) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
