package dev.parley.server.support;

import dev.parley.server.ParleyServer;
import dev.parley.server.admin.AdminRequest;
import dev.parley.server.admin.AdminResult;
import dev.parley.server.admin.AdminSocketClient;
import dev.parley.server.admin.AdminSocketServer;
import dev.parley.server.config.ServerSettings;
import io.helidon.config.Config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A real Parley server on a random port, on H2 or on PostgreSQL + Redis. {@link #shared} servers
 * live for the whole test JVM (tests use fresh usernames, so they do not see each other);
 * {@link #start} makes a dedicated one for tests that change settings or time.
 */
public final class TestServer implements AutoCloseable {
    private static final Map<Backend, TestServer> SHARED = new ConcurrentHashMap<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> SHARED.values().forEach(TestServer::close)));
    }

    private final Backend backend;
    private final ParleyServer server;
    private final ServerSettings settings;
    private final boolean ownDataDir;
    private final TestDatabase database;
    private final TestRedisPrefix redisPrefix;
    private final TestClock clock;

    private TestServer(Backend backend, ParleyServer server, ServerSettings settings, boolean ownDataDir,
                       TestDatabase database, TestRedisPrefix redisPrefix, TestClock clock) {
        this.backend = backend;
        this.server = server;
        this.settings = settings;
        this.ownDataDir = ownDataDir;
        this.database = database;
        this.redisPrefix = redisPrefix;
        this.clock = clock;
    }

    public static TestServer shared(Backend backend) {
        if (backend == Backend.POSTGRES_REDIS) {
            TestEnvironment.requirePostgresAndRedis();
        }
        return SHARED.computeIfAbsent(backend, b -> start(b, Map.of()));
    }

    /** A dedicated server; {@code overrides} are PARLEY_* settings. The caller closes it. */
    public static TestServer start(Backend backend, Map<String, String> overrides) {
        if (backend == Backend.POSTGRES_REDIS) {
            TestEnvironment.requirePostgresAndRedis();
        }
        // A caller that names the data dir owns it (to restart a server on it); otherwise it is temporary.
        boolean ownDataDir = !overrides.containsKey("PARLEY_DATA_DIR");
        Path dataDir;
        try {
            dataDir = ownDataDir ? Files.createTempDirectory("parley-test-") : Path.of(overrides.get("PARLEY_DATA_DIR"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new HashMap<>();
        env.put("PARLEY_PORT", "0");
        env.put("PARLEY_HOST", "127.0.0.1");
        env.put("PARLEY_DATA_DIR", dataDir.toString());
        // Every test connects from 127.0.0.1; the per-address login limit is tested on its own server.
        env.put("PARLEY_LOGIN_MAX_PER_ADDRESS", "100000");
        env.put("PARLEY_ALLOWED_ORIGINS", "https://app.parley.example");
        TestDatabase database = null;
        TestRedisPrefix redisPrefix = null;
        if (backend == Backend.POSTGRES_REDIS) {
            database = TestDatabase.create();
            redisPrefix = new TestRedisPrefix();
            env.put("PARLEY_DB_URL", database.url());
            env.put("PARLEY_DB_USER", TestEnvironment.PG_USER);
            env.put("PARLEY_DB_PASSWORD", TestEnvironment.PG_PASSWORD);
            env.put("PARLEY_REDIS_URL", TestEnvironment.REDIS_URL);
            env.put("PARLEY_REDIS_PREFIX", redisPrefix.prefix());
        }
        env.putAll(overrides);
        Config config = Config.create();
        TestClock clock = new TestClock();
        ServerSettings settings = ServerSettings.load(config, env).withClock(clock);
        ParleyServer server = ParleyServer.start(settings, config.get("server"));
        return new TestServer(backend, server, settings, ownDataDir, database, redisPrefix, clock);
    }

    /**
     * One node of a {@link TestCluster}: {@code env} names the shared database and Redis, which the
     * cluster owns; the node owns only its temporary data dir.
     */
    static TestServer node(Map<String, String> env) {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("parley-node-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> nodeEnv = new HashMap<>(env);
        nodeEnv.put("PARLEY_PORT", "0");
        nodeEnv.put("PARLEY_HOST", "127.0.0.1");
        nodeEnv.put("PARLEY_DATA_DIR", dataDir.toString());
        nodeEnv.put("PARLEY_LOGIN_MAX_PER_ADDRESS", "100000");
        Config config = Config.create();
        TestClock clock = new TestClock();
        ServerSettings settings = ServerSettings.load(config, nodeEnv).withClock(clock);
        ParleyServer server = ParleyServer.start(settings, config.get("server"));
        return new TestServer(Backend.POSTGRES_REDIS, server, settings, true, null, null, clock);
    }

    public Backend backend() {
        return backend;
    }

    public int port() {
        return server.port();
    }

    /** The server's node id: the {@code node} tag of its gauges. */
    public String nodeId() {
        return server.node();
    }

    public URI http() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public URI ws() {
        return URI.create("ws://127.0.0.1:" + port() + "/ws");
    }

    public TestClock clock() {
        return clock;
    }

    public Path dataDir() {
        return settings.dataDir();
    }

    /** The JDBC URL the server uses, to look at what it stored. */
    public String jdbcUrl() {
        return settings.effectiveDbUrl();
    }

    public java.sql.Connection openJdbc() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(jdbcUrl(), settings.dbUser(), settings.dbPassword());
    }

    /** The settings the server was started with (its data dir, database and clock). */
    public ServerSettings settings() {
        return settings;
    }

    /** Runs {@code parley-server admin <args>} through this server's admin socket; {@code password} for the commands that set one. */
    public AdminResult admin(String password, String... args) {
        try {
            return new AdminSocketClient(AdminSocketServer.pathIn(dataDir()), ParleyClient.codec())
                    .send(new AdminRequest(List.of(args), password, "test"))
                    .orElseThrow(() -> new AssertionError("No admin socket in " + dataDir()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #admin} that must succeed; its output. */
    public String adminOk(String... args) {
        AdminResult result = admin(null, args);
        if (result.exitCode() != 0) {
            throw new AssertionError("admin " + String.join(" ", args) + " failed: " + result);
        }
        return result.output();
    }

    public TestDatabase database() {
        return database;
    }

    public String redisPrefix() {
        return redisPrefix == null ? null : redisPrefix.prefix();
    }

    public ParleyClient client() {
        return new ParleyClient(this);
    }

    @Override
    public void close() {
        server.close();
        if (database != null) {
            database.close();
        }
        if (redisPrefix != null) {
            redisPrefix.close();
        }
        if (ownDataDir) {
            deleteQuietly(settings.dataDir());
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temp dir left behind is harmless.
        }
    }
}
