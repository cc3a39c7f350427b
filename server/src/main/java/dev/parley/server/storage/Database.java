package dev.parley.server.storage;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbClientException;
import io.helidon.dbclient.DbRow;
import io.helidon.dbclient.DbTransaction;
import org.flywaydb.core.Flyway;

import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The database: schema migrated by Flyway on start, then every statement through Helidon's DbClient
 * over a Hikari pool.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Database.class.getName());

    private final DbClient client;
    private final Dialect dialect;

    private Database(DbClient client, Dialect dialect) {
        this.client = client;
        this.dialect = dialect;
    }

    /**
     * {@code connectTimeout}: how long a request waits for a pooled connection before it is refused as
     * {@code unavailable} (the database is down, or every connection is busy that long).
     */
    public static Database open(String url, String user, String password, int poolSize, Duration connectTimeout) {
        Dialect dialect = Dialect.of(url);
        Flyway.configure()
                .dataSource(url, user, password)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        Map<String, String> settings = new HashMap<>();
        settings.put("db.source", "jdbc");
        settings.put("db.connection.url", dialect == Dialect.POSTGRESQL ? withUntypedStrings(url) : url);
        settings.put("db.connection.username", user);
        settings.put("db.connection.password", password);
        settings.put("db.connection.poolName", "parley");
        settings.put("db.connection.maximumPoolSize", Integer.toString(poolSize));
        settings.put("db.connection.minimumIdle", "2");
        settings.put("db.connection.connectionTimeout", Long.toString(Math.max(250, connectTimeout.toMillis())));
        Config config = Config.just(ConfigSources.create(settings));
        DbClient client = DbClient.create(config.get("db"));
        LOG.info(() -> "Database ready: " + dialect + " " + redact(url));
        return new Database(client, dialect);
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
        client.close();
    }
}
