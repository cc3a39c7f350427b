package dev.parley.server.storage;

import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded database's file stays near the size of its data although every commit is written at once
 * (WRITE_DELAY=0, which leaves H2 without its own compaction), and a bloated file shrinks at start.
 * RETENTION_TIME=0 lets old chunks be rewritten at once instead of after H2's 45 seconds.
 */
class H2FileCompactionTest {
    private static final int COMMITS = 6_000;

    @TempDir
    Path dir;

    @Test
    void compactionKeepsTheFileNearItsDataWhileEveryCommitIsWrittenAtOnce() throws SQLException {
        Path withCompaction = dir.resolve("compacted");
        Path without = dir.resolve("control");
        try (Connection compacted = open(withCompaction);
             Connection control = open(without)) {
            MVStore store = H2FileCompaction.storeOf(compacted).orElseThrow();
            H2FileCompaction compaction = H2FileCompaction.unscheduled(() -> Optional.of(store));
            int rounds = 0;
            for (int commit = 0; commit < COMMITS; commit++) {
                writeOneCommit(compacted, commit);
                writeOneCommit(control, commit);
                if (commit % 100 == 99 && compaction.compactOnce()) {
                    rounds++;
                }
            }
            assertThat(rounds).as("rounds that rewrote chunks").isPositive();
            assertThat(contents(compacted)).isEqualTo(contents(control));
        }
        long compactedBytes = size(dir.resolve("compacted.mv.db"));
        long controlBytes = size(dir.resolve("control.mv.db"));
        assertThat(compactedBytes).as("file with compaction (%d bytes) against without (%d bytes)",
                compactedBytes, controlBytes).isLessThan(controlBytes / 3);
    }

    @Test
    void aMostlyFreeFileIsCompactedAtStartAndKeepsItsData() throws SQLException {
        Path bloated = dir.resolve("bloated");
        String before;
        try (Connection connection = open(bloated)) {
            for (int commit = 0; commit < COMMITS; commit++) {
                writeOneCommit(connection, commit);
            }
            before = contents(connection);
        }
        Path file = dir.resolve("bloated.mv.db");
        long bloatedBytes = size(file);

        assertThat(H2FileCompaction.shrinkIfMostlyFree(url(bloated), "sa", "", bloatedBytes + 1))
                .as("a file below the size limit is left as it is").isFalse();

        assertThat(H2FileCompaction.shrinkIfMostlyFree(url(bloated), "sa", "", 1)).isTrue();
        assertThat(size(file)).as("compacted from %d bytes", bloatedBytes).isLessThan(bloatedBytes / 4);
        try (Connection connection = open(bloated)) {
            assertThat(contents(connection)).isEqualTo(before);
        }
    }

    @Test
    void aFileAlreadyCompactedIsNotCompactedAgain() throws SQLException {
        Path full = dir.resolve("batch");
        try (Connection connection = open(full);
             PreparedStatement insert = connection.prepareStatement("INSERT INTO t(id, n, v) VALUES (?, ?, ?)")) {
            connection.setAutoCommit(false);
            for (int row = 0; row < 20_000; row++) {
                insert.setObject(1, UUID.randomUUID());
                insert.setInt(2, row);
                insert.setString(3, "row " + row + " ".repeat(100));
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        }
        assertThat(H2FileCompaction.shrinkIfMostlyFree(url(full), "sa", "", 1))
                .as("a batch of 20,000 rows leaves most of the file free").isTrue();
        assertThat(H2FileCompaction.shrinkIfMostlyFree(url(full), "sa", "", 1))
                .as("once compacted, the file is mostly in use").isFalse();
    }

    @Test
    void noStoreForAnInMemoryDatabase() throws SQLException {
        try (Connection memory = DriverManager.getConnection("jdbc:h2:mem:compaction-test", "sa", "")) {
            assertThat(H2FileCompaction.storeOf(memory)).isEmpty();
        }
    }

    /**
     * One small transaction, as a message send is: a row under a random key, so each commit rewrites a
     * leaf somewhere in the index, and the chunks keep a few live pages each for a long time.
     */
    private static void writeOneCommit(Connection connection, int commit) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO t(id, n, v) VALUES (?, ?, ?)")) {
            insert.setObject(1, new UUID(commit * 0x9E3779B97F4A7C15L, commit));
            insert.setInt(2, commit);
            insert.setString(3, Integer.toHexString(commit * 0x9E3779B9) + " commit " + commit);
            insert.executeUpdate();
        }
    }

    private static String contents(Connection connection) throws SQLException {
        StringBuilder all = new StringBuilder();
        try (Statement s = connection.createStatement();
             ResultSet rows = s.executeQuery("SELECT n, v FROM t ORDER BY n")) {
            while (rows.next()) {
                all.append(rows.getInt(1)).append('=').append(rows.getString(2)).append('\n');
            }
        }
        return all.toString();
    }

    private static Connection open(Path base) throws SQLException {
        Connection connection = DriverManager.getConnection(url(base), "sa", "");
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS t (id UUID PRIMARY KEY, n INT NOT NULL, v VARCHAR(200))");
            s.execute("CREATE INDEX IF NOT EXISTS t_v ON t(v)");
        }
        return connection;
    }

    /**
     * As the server's URL, every commit written before it returns. MAX_COMPACT_TIME=0: closing does not
     * compact either, so only the compaction under test changes the file's size.
     */
    private static String url(Path base) {
        return "jdbc:h2:file:" + base + ";WRITE_DELAY=0;RETENTION_TIME=0;MAX_COMPACT_TIME=0";
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
