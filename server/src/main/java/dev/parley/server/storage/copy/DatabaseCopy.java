package dev.parley.server.storage.copy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Copies every Parley table from one database to another with the same schema version, in one
 * transaction on the target (a failed copy leaves it as empty as it was), then reads both sides again
 * and compares each table's row count and content digest. The source is read in one repeatable-read
 * transaction, so a PostgreSQL source that is still in use is copied as one consistent snapshot.
 */
public final class DatabaseCopy {
    private static final int BATCH = 500;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

    private final Consumer<String> out;
    private final Clock clock;

    public DatabaseCopy(Consumer<String> out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    public record TableResult(String table, long sourceRows, long targetRows, boolean contentsEqual) {
    }

    public record Report(String schemaVersion, List<TableResult> tables) {
        public Report {
            tables = List.copyOf(tables);
        }

        public boolean verified() {
            return tables.stream().allMatch(t -> t.contentsEqual() && t.sourceRows() == t.targetRows());
        }

        public long rows(String table) {
            return tables.stream().filter(t -> t.table().equals(table)).mapToLong(TableResult::targetRows)
                    .findFirst().orElseThrow();
        }
    }

    public Report copy(Connection source, Connection target) throws SQLException {
        source.setAutoCommit(false);
        source.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        source.setReadOnly(true);
        target.setAutoCommit(false);
        String version = sameSchemaVersion(source, target);
        CopyPlan plan = CopyPlan.of(source);
        refuseUnlessEmpty(target, plan);

        List<RowDigest> sourceDigests = new ArrayList<>();
        try {
            for (String table : plan.tables().reversed()) {
                if (CopyPlan.SEEDED_BY_MIGRATIONS.contains(table)) {
                    try (Statement s = target.createStatement()) {
                        s.executeUpdate("DELETE FROM " + table);
                    }
                }
            }
            for (String table : plan.tables()) {
                sourceDigests.add(copyTable(source, target, table));
            }
            target.commit();
        } catch (SQLException | RuntimeException e) {
            target.rollback();
            throw e;
        } finally {
            source.rollback();
        }

        List<TableResult> results = new ArrayList<>();
        for (int i = 0; i < plan.tables().size(); i++) {
            String table = plan.tables().get(i);
            RowDigest copied = digest(target, table, columns(source, table));
            RowDigest original = sourceDigests.get(i);
            results.add(new TableResult(table, original.rows(), copied.rows(), original.sameAs(copied)));
        }
        target.rollback();
        return new Report(version, results);
    }

    private RowDigest copyTable(Connection source, Connection target, String table) throws SQLException {
        List<String> columns = columns(source, table);
        int[] targetTypes = targetTypes(target, table, columns);
        long total = count(source, table);
        out.accept(String.format(Locale.ROOT, "  %-24s %,d rows", table, total));
        String list = String.join(", ", columns);
        String insert = "INSERT INTO " + table + " (" + list + ") VALUES ("
                + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
        RowDigest digest = new RowDigest();
        Instant nextReport = clock.instant().plus(PROGRESS_EVERY);
        try (Statement read = source.createStatement();
             PreparedStatement write = target.prepareStatement(insert)) {
            read.setFetchSize(BATCH);
            try (ResultSet rs = read.executeQuery("SELECT " + list + " FROM " + table)) {
                int pending = 0;
                while (rs.next()) {
                    for (int i = 1; i <= columns.size(); i++) {
                        Object value = rs.getObject(i);
                        if (value == null) {
                            write.setNull(i, targetTypes[i - 1]);
                        } else {
                            write.setObject(i, value);
                        }
                    }
                    write.addBatch();
                    digest.add(rs, columns);
                    if (++pending == BATCH) {
                        write.executeBatch();
                        pending = 0;
                        if (clock.instant().isAfter(nextReport)) {
                            out.accept(String.format(Locale.ROOT, "    %,d of %,d", digest.rows(), total));
                            nextReport = clock.instant().plus(PROGRESS_EVERY);
                        }
                    }
                }
                if (pending > 0) {
                    write.executeBatch();
                }
            }
        } catch (SQLException e) {
            throw new CopyException("Copying table " + table + " failed after " + digest.rows() + " rows: "
                    + e.getMessage() + " (nothing was committed to the target)", e);
        }
        return digest;
    }

    private static RowDigest digest(Connection db, String table, List<String> columns) throws SQLException {
        RowDigest digest = new RowDigest();
        try (Statement s = db.createStatement()) {
            s.setFetchSize(BATCH);
            try (ResultSet rs = s.executeQuery("SELECT " + String.join(", ", columns) + " FROM " + table)) {
                while (rs.next()) {
                    digest.add(rs, columns);
                }
            }
        }
        return digest;
    }

    private static List<String> columns(Connection db, String table) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            ResultSetMetaData meta = rs.getMetaData();
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnName(i).toLowerCase(Locale.ROOT));
            }
            return columns;
        }
    }

    private static int[] targetTypes(Connection target, String table, List<String> columns) throws SQLException {
        String sql = "SELECT " + String.join(", ", columns) + " FROM " + table + " WHERE 1 = 0";
        try (Statement s = target.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            int[] types = new int[columns.size()];
            for (int i = 0; i < types.length; i++) {
                types[i] = meta.getColumnType(i + 1);
            }
            return types;
        } catch (SQLException e) {
            target.rollback();
            throw new CopyException("The target's table " + table + " does not have the source's columns " + columns
                    + ": " + e.getMessage(), e);
        }
    }

    private static long count(Connection db, String table) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void refuseUnlessEmpty(Connection target, CopyPlan plan) throws SQLException {
        for (String table : plan.tables()) {
            if (CopyPlan.SEEDED_BY_MIGRATIONS.contains(table)) {
                continue;
            }
            long rows;
            try {
                rows = count(target, table);
            } catch (SQLException e) {
                target.rollback();
                throw new CopyException("The target has no table " + table + ": " + e.getMessage(), e);
            }
            if (rows > 0) {
                target.rollback();
                throw new CopyException("The target database is not empty (" + table + " has " + rows
                        + " rows). Copy into a new, empty database.");
            }
        }
    }

    private static String sameSchemaVersion(Connection source, Connection target) throws SQLException {
        String from = schemaVersion(source);
        String to = schemaVersion(target);
        if (!from.equals(to)) {
            throw new CopyException("Schema versions differ: source " + from + ", target " + to
                    + ". Run the same Parley version's migrations on both.");
        }
        return from;
    }

    private static String schemaVersion(Connection db) throws SQLException {
        String sql = "SELECT version FROM " + CopyPlan.FLYWAY_HISTORY
                + " WHERE success = TRUE AND version IS NOT NULL ORDER BY installed_rank DESC";
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : "none";
        }
    }
}
