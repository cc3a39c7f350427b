package dev.parley.server.support;

import org.junit.jupiter.api.Assumptions;
import redis.clients.jedis.RedisClient;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The machine's PostgreSQL and Redis. Tests that need them skip with a printed reason when they are
 * absent, except under CI=true, where their absence fails the test.
 */
public final class TestEnvironment {
    public static final String PG_HOST = env("PARLEY_TEST_PG_HOST", "127.0.0.1");
    public static final String PG_PORT = env("PARLEY_TEST_PG_PORT", "5432");
    public static final String PG_USER = env("PARLEY_TEST_PG_USER", "postgres");
    public static final String PG_PASSWORD = env("PARLEY_TEST_PG_PASSWORD", "");
    public static final String REDIS_URL = env("PARLEY_TEST_REDIS_URL", "redis://127.0.0.1:6379");

    private TestEnvironment() {
    }

    public static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    public static String pgUrl(String database) {
        return "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + database;
    }

    public static Connection adminConnection() throws SQLException {
        return DriverManager.getConnection(pgUrl("postgres"), PG_USER, PG_PASSWORD);
    }

    /** Skips (locally) or fails (CI) unless PostgreSQL and Redis both answer. */
    public static void requirePostgresAndRedis() {
        String problem = null;
        try (Connection ignored = adminConnection()) {
            // reachable
        } catch (SQLException e) {
            problem = "PostgreSQL at " + PG_HOST + ":" + PG_PORT + " is not reachable (" + e.getMessage() + ")";
        }
        if (problem == null) {
            try (RedisClient redis = RedisClient.create(java.net.URI.create(REDIS_URL))) {
                redis.ping();
            } catch (RuntimeException e) {
                problem = "Redis at " + REDIS_URL + " is not reachable (" + e.getMessage() + ")";
            }
        }
        if (problem != null) {
            if (isCi()) {
                throw new AssertionError("CI=true requires PostgreSQL and Redis: " + problem);
            }
            System.out.println("SKIPPED (needs PostgreSQL and Redis): " + problem);
            Assumptions.abort(problem);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
