package dev.parley.server.storage;

import dev.parley.server.support.TestDatabase;
import dev.parley.server.support.TestEnvironment;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upgrades: several nodes started at once on the same new (or older) PostgreSQL database all come up,
 * and each migration runs exactly once, because Flyway migrates under a database lock.
 */
class ConcurrentMigrationTest {
    @Test
    void nodesStartingTogetherMigrateTheSchemaOnce() throws Exception {
        TestEnvironment.requirePostgresAndRedis();
        try (TestDatabase db = TestDatabase.create()) {
            int nodes = 6;
            CyclicBarrier together = new CyclicBarrier(nodes);
            List<Future<?>> starts = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(nodes)) {
                for (int i = 0; i < nodes; i++) {
                    starts.add(pool.submit(() -> {
                        together.await();
                        Database.migrate(db.url(), TestEnvironment.PG_USER, TestEnvironment.PG_PASSWORD);
                        return null;
                    }));
                }
                for (Future<?> start : starts) {
                    start.get();
                }
            }
            try (Connection c = DriverManager.getConnection(db.url(), TestEnvironment.PG_USER, TestEnvironment.PG_PASSWORD);
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT version, COUNT(*) FROM flyway_schema_history"
                         + " WHERE version IS NOT NULL GROUP BY version ORDER BY version")) {
                List<String> versions = new ArrayList<>();
                while (rs.next()) {
                    assertThat(rs.getInt(2)).as("runs of migration " + rs.getString(1)).isEqualTo(1);
                    versions.add(rs.getString(1));
                }
                assertThat(versions).hasSizeGreaterThanOrEqualTo(4).startsWith("1", "2", "3", "4");
            }
        }
    }
}
