package dev.parley.server.storage.copy;

import dev.parley.server.config.ServerSettings;
import dev.parley.server.storage.Database;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code parley-server.jar copy-database --to <jdbc-url>}: moves a server's whole database (the one
 * its settings name, embedded H2 by default) into a new, empty database, typically PostgreSQL.
 */
public final class CopyDatabaseCommand {
    public static final String TARGET_PASSWORD_VARIABLE = "PARLEY_TARGET_DB_PASSWORD";
    private static final int H2_DATABASE_IN_USE = 90020;

    private final PrintStream out;
    private final PrintStream err;

    public CopyDatabaseCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static String usage() {
        return """
                Usage: java -jar parley-server.jar copy-database --to <jdbc-url> [--to-user <user>]

                Copies this server's database (embedded H2 in PARLEY_DATA_DIR, or PARLEY_DB_URL) into a new,
                empty database, then checks that every table holds the same rows on both sides.
                Stop the server first. The target's password is read from %s.
                Example: copy-database --to jdbc:postgresql://127.0.0.1:5432/parley --to-user parley"""
                .formatted(TARGET_PASSWORD_VARIABLE);
    }

    /** Returns the process exit code: 0 copied and verified, 1 failed, 2 bad arguments. */
    public int run(List<String> args, ServerSettings settings, Map<String, String> env) {
        String targetUrl = null;
        String targetUser = "";
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            boolean hasValue = i + 1 < args.size();
            switch (arg) {
                case "--to" -> targetUrl = hasValue ? args.get(++i) : null;
                case "--to-user" -> targetUser = hasValue ? args.get(++i) : "";
                default -> {
                    err.println("Unknown argument: " + arg);
                    err.println(usage());
                    return 2;
                }
            }
        }
        if (targetUrl == null || !targetUrl.startsWith("jdbc:")) {
            err.println("Name the target database with --to <jdbc-url>.");
            err.println(usage());
            return 2;
        }
        String sourceUrl = settings.effectiveDbUrl();
        if (sourceUrl.equals(targetUrl)) {
            err.println("The target is the server's own database.");
            return 2;
        }
        String targetPassword = env.getOrDefault(TARGET_PASSWORD_VARIABLE, "");
        try {
            return copy(settings, sourceUrl, withBatchedInserts(targetUrl), targetUser, targetPassword, targetUrl);
        } catch (CopyException e) {
            err.println("Copy failed: " + e.getMessage());
            return 1;
        }
    }

    private int copy(ServerSettings settings, String sourceUrl, String targetUrl, String targetUser,
                     String targetPassword, String shownTargetUrl) {
        out.println("Copying the Parley database");
        out.println("  from " + redact(sourceUrl));
        out.println("  to   " + redact(shownTargetUrl));
        migrate("source", sourceUrl, settings.dbUser(), settings.dbPassword());
        migrate("target", targetUrl, targetUser, targetPassword);
        DatabaseCopy.Report report;
        List<String> keyIds;
        try (Connection source = DriverManager.getConnection(sourceUrl, settings.dbUser(), settings.dbPassword());
             Connection target = DriverManager.getConnection(targetUrl, targetUser, targetPassword)) {
            report = new DatabaseCopy(out::println, Clock.systemUTC()).copy(source, target);
            keyIds = keyIds(source);
        } catch (SQLException e) {
            throw new CopyException(explain(e), e);
        }
        out.println();
        out.println("Schema version " + report.schemaVersion() + ". Verification (rows on each side, contents):");
        for (DatabaseCopy.TableResult t : report.tables()) {
            out.println(String.format(Locale.ROOT, "  %-24s %,12d  %,12d  %s", t.table(), t.sourceRows(), t.targetRows(),
                    t.contentsEqual() && t.sourceRows() == t.targetRows() ? "same" : "DIFFERENT"));
        }
        if (!report.verified()) {
            err.println("Copy failed: the target does not hold the same rows as the source (see DIFFERENT above).");
            return 1;
        }
        out.println();
        out.println("Copied and verified. Message bodies stay encrypted under master key " + String.join(", ", keyIds)
                + ", so the server on the new database needs that key:");
        Path keyFile = settings.dataDir().resolve("master.key");
        if (Files.exists(keyFile)) {
            out.println("  keep PARLEY_DATA_DIR=" + settings.dataDir().toAbsolutePath()
                    + " (it holds master.key), or set PARLEY_MASTER_KEY to that file's contents.");
        } else {
            out.println("  set PARLEY_MASTER_KEY (and PARLEY_PREVIOUS_MASTER_KEYS) as this server has them.");
        }
        out.println("Then start Parley with PARLEY_DB_URL=" + redact(shownTargetUrl)
                + " and PARLEY_DB_USER / PARLEY_DB_PASSWORD. The old database is unchanged.");
        return 0;
    }

    private static void migrate(String side, String url, String user, String password) {
        try {
            Database.migrate(url, user, password);
        } catch (RuntimeException e) {
            SQLException sql = sqlCause(e);
            throw new CopyException("Cannot open the " + side + " database: "
                    + (sql != null ? explain(sql) : e.getMessage()), e);
        }
    }

    private static List<String> keyIds(Connection source) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Statement s = source.createStatement();
             ResultSet rs = s.executeQuery("SELECT key_id FROM encryption_keys ORDER BY first_used_at")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        source.rollback();
        return ids.isEmpty() ? List.of("(none yet)") : ids;
    }

    private static String explain(SQLException e) {
        if (e.getErrorCode() == H2_DATABASE_IN_USE) {
            return "the embedded database is in use by a running Parley server: stop it first.";
        }
        return e.getMessage();
    }

    private static SQLException sqlCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    /** PostgreSQL's driver sends a batch of inserts as multi-row statements only when asked to. */
    private static String withBatchedInserts(String url) {
        if (!url.startsWith("jdbc:postgresql:") || url.contains("reWriteBatchedInserts=")) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
    }

    private static String redact(String url) {
        return url.replaceAll("password=[^&;]*", "password=***");
    }
}
