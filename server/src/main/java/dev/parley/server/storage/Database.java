package dev.parley.server.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbClientException;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import io.helidon.dbclient.jdbc.CloseableJdbcConnectionPool;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;
import org.flywaydb.core.Flyway;
import org.h2.mvstore.MVStore;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The database: schema migrated by Flyway on start, then every statement through Helidon's DbClient
 * over a Hikari pool. The pool is built here and handed to the DbClient (rather than built by Helidon
 * from config) so that its use can be read for the metrics: straight from Hikari, without JMX names,
 * which would clash between two servers in one JVM.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Database.class.getName());
    /** What Helidon's own Hikari provider takes as the database type: "jdbc:h2", "jdbc:postgresql". */
    private static final Pattern DB_TYPE = Pattern.compile("(\\w+:\\w+):.*");

    private final DbClient client;
    private final Dialect dialect;
    private final HikariDataSource pool;
    /** Embedded H2 only: its file's housekeeping (see there); null on PostgreSQL. */
    private final H2FileCompaction compaction;

    private Database(DbClient client, Dialect dialect, HikariDataSource pool, H2FileCompaction compaction) {
        this.client = client;
        this.dialect = dialect;
        this.pool = pool;
        this.compaction = compaction;
    }

    /** How the connection pool is used right now; {@code waiting} counts threads waiting for a connection. */
    public record PoolUse(int active, int idle, int total, int max, int waiting) {
    }

    /**
     * {@code connectTimeout}: how long a request waits for a pooled connection before it is refused as
     * {@code unavailable} (the database is down, or every connection is busy that long).
     */
    public static Database open(String url, String user, String password, int poolSize, Duration connectTimeout) {
        Dialect dialect = Dialect.of(url);
        if (dialect == Dialect.H2) {
            H2FileCompaction.shrinkIfMostlyFree(url, user, password);
        }
        migrate(url, user, password);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(dialect == Dialect.POSTGRESQL ? withUntypedStrings(url) : url);
        config.setUsername(user);
        config.setPassword(password);
        config.setPoolName("parley");
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(2);
        config.setConnectionTimeout(Math.max(250, connectTimeout.toMillis()));
        HikariDataSource pool = new HikariDataSource(config);
        DbClient client;
        try {
            client = JdbcClientBuilder.create().connectionPool(new Pool(pool, dbType(url))).build();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        LOG.info(() -> "Database ready: " + dialect + " " + redact(url));
        H2FileCompaction compaction = dialect == Dialect.H2
                ? H2FileCompaction.start(() -> embeddedStore(pool), "parley") : null;
        return new Database(client, dialect, pool, compaction);
    }

    private static Optional<MVStore> embeddedStore(HikariDataSource pool) {
        try (Connection connection = pool.getConnection()) {
            return H2FileCompaction.storeOf(connection);
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** Hikari's pool as Helidon's JDBC client takes it; closing the client closes the pool. */
    private record Pool(HikariDataSource dataSource, String dbType) implements CloseableJdbcConnectionPool {
        @Override
        public Connection connection() {
            try {
                return dataSource.getConnection();
            } catch (SQLException e) {
                throw new DbClientException("Failed to get a connection to " + redact(dataSource.getJdbcUrl()), e);
            }
        }

        @Override
        public void close() {
            dataSource.close();
        }
    }

    private static String dbType(String url) {
        Matcher matcher = DB_TYPE.matcher(url);
        return matcher.matches() ? matcher.group(1) : "jdbc";
    }

    /** The embedded H2 file's size; empty on PostgreSQL (and for an in-memory H2). Read when scraped. */
    public OptionalLong embeddedFileBytes() {
        return compaction == null ? OptionalLong.empty() : compaction.fileBytes();
    }

    /** Read when the metrics are scraped. */
    public PoolUse poolUse() {
        HikariPoolMXBean use = pool.getHikariPoolMXBean();
        int max = pool.getMaximumPoolSize();
        if (use == null) {
            return new PoolUse(0, 0, 0, max, 0); // closed
        }
        return new PoolUse(use.getActiveConnections(), use.getIdleConnections(), use.getTotalConnections(), max,
                use.getThreadsAwaitingConnection());
    }

    /** Brings the schema to this version's, under Flyway's lock (several nodes starting at once migrate once). */
    public static void migrate(String url, String user, String password) {
        Flyway.configure()
                .dataSource(url, user, password)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    public DbClient client() {
        return client;
    }

    /** True when a trivial query succeeds (for health checks). */
    public boolean ping() {
        return client.execute().get("SELECT 1 AS one").isPresent();
    }

    public Dialect dialect() {
        return dialect;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Function<DbTransaction, T> work) {
        DbTransaction tx = client.transaction();
        T result;
        try {
            result = work.apply(tx);
        } catch (RuntimeException | Error e) {
            rollbackQuietly(tx, e);
            throw e;
        }
        tx.commit();
        return result;
    }

    /** Reads every row of a query and releases its connection, whatever happens. */
    public static <T> List<T> list(Stream<DbRow> rows, Function<DbRow, T> mapper) {
        try (rows) {
            return rows.map(mapper).toList();
        }
    }

    /** True when the failure is a unique-constraint violation (SQLSTATE 23505 on both databases). */
    public static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return failure instanceof DbClientException && failure.getMessage() != null
                && failure.getMessage().contains("23505");
    }

    private static void rollbackQuietly(DbTransaction tx, Throwable cause) {
        try {
            tx.rollback();
        } catch (RuntimeException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    /**
     * Helidon's JDBC client binds UUID parameters as strings; stringtype=unspecified lets PostgreSQL
     * type them from the column (as H2 does), instead of refusing "uuid = character varying".
     */
    private static String withUntypedStrings(String url) {
        if (url.contains("stringtype=")) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + "stringtype=unspecified";
    }

    private static String redact(String url) {
        return url.replaceAll("password=[^&;]*", "password=***");
    }

    @Override
    public void close() {
        if (compaction != null) {
            compaction.close();
        }
        client.close();
        pool.close(); // already closed by the client; Hikari's close is idempotent
    }
}
