package dev.parley.server.config;

import io.helidon.config.Config;

import dev.parley.protocol.Limits;
import dev.parley.server.accounts.PasswordHasher;
import dev.parley.server.logging.LogSetup;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Everything the server is configured with. Each setting is read from the environment variable
 * {@code PARLEY_<KEY>} if set, else from {@code parley.<key>} in application.yaml, else its default
 * (for example {@code data-dir}: PARLEY_DATA_DIR, then parley.data-dir, then ./data).
 */
public record ServerSettings(String host, int port, Path dataDir, String dbUrl, String dbUser, String dbPassword,
                             int dbPoolSize, Duration dbConnectTimeout, String redisUrl, String redisPrefix,
                             String masterKey, List<String> previousMasterKeys, String publicUrl, Set<String> allowedOrigins,
                             Duration sessionIdleTimeout, Duration loginWindow, int loginMaxPerAccount,
                             int loginMaxPerAddress, int framesPerSecond, int frameBurst, int outgoingQueue,
                             int groupMaxMembers, int passwordHashMemoryKib, int passwordHashIterations,
                             Set<String> trustedProxies, String logFormat, String logLevel, Clock clock) {

    public ServerSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (passwordHashMemoryKib < 8 || passwordHashIterations < 1) {
            throw new IllegalArgumentException("password-hash-memory-kib must be 8 or more and password-hash-iterations "
                    + "1 or more, got " + passwordHashMemoryKib + " and " + passwordHashIterations);
        }
        LogSetup.check(logFormat, logLevel);
        if (groupMaxMembers < 2) {
            throw new IllegalArgumentException("group-max-members must be 2 or more, got " + groupMaxMembers);
        }
        dataDir = dataDir.toAbsolutePath().normalize();
        previousMasterKeys = List.copyOf(previousMasterKeys);
        allowedOrigins = Set.copyOf(allowedOrigins);
        trustedProxies = Set.copyOf(trustedProxies);
    }

    public boolean usesRedis() {
        return redisUrl != null && !redisUrl.isBlank();
    }

    /** The embedded H2 database in the data dir unless a database URL is configured. */
    public String effectiveDbUrl() {
        if (dbUrl != null && !dbUrl.isBlank()) {
            return dbUrl;
        }
        // WRITE_DELAY=0: a commit reaches the file before it returns, so an ack survives kill -9.
        return "jdbc:h2:file:" + dataDir.resolve("parley") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;LOCK_TIMEOUT=10000";
    }

    public String effectivePublicUrl(int boundPort) {
        return publicUrl != null && !publicUrl.isBlank() ? publicUrl : "http://localhost:" + boundPort;
    }

    public static ServerSettings load(Config config, Map<String, String> env) {
        Source s = new Source(config.get("parley"), env);
        return new ServerSettings(
                s.get("host", "0.0.0.0", Function.identity()),
                s.get("port", 8080, Integer::parseInt),
                s.get("data-dir", Path.of("data"), Path::of),
                s.get("db-url", "", Function.identity()),
                s.get("db-user", "sa", Function.identity()),
                s.get("db-password", "", Function.identity()),
                s.get("db-pool-size", 16, Integer::parseInt),
                s.get("db-connect-timeout", Duration.ofSeconds(5), Duration::parse),
                s.get("redis-url", "", Function.identity()),
                s.get("redis-prefix", "parley:", Function.identity()),
                s.get("master-key", "", Function.identity()),
                s.get("previous-master-keys", List.of(), ServerSettings::list),
                s.get("public-url", "", Function.identity()),
                s.get("allowed-origins", Set.<String>of(), v -> Set.copyOf(list(v))),
                s.get("session-idle-timeout", Duration.ofDays(30), Duration::parse),
                s.get("login-window", Duration.ofMinutes(15), Duration::parse),
                s.get("login-max-per-account", 5, Integer::parseInt),
                s.get("login-max-per-address", 50, Integer::parseInt),
                s.get("frames-per-second", 50, Integer::parseInt),
                s.get("frame-burst", 100, Integer::parseInt),
                s.get("outgoing-queue", 2048, Integer::parseInt),
                s.get("group-max-members", Limits.DEFAULT_MAX_GROUP_MEMBERS, Integer::parseInt),
                s.get("password-hash-memory-kib", PasswordHasher.DEFAULT_MEMORY_KIB, Integer::parseInt),
                s.get("password-hash-iterations", PasswordHasher.DEFAULT_ITERATIONS, Integer::parseInt),
                s.get("trusted-proxies", Set.<String>of(), v -> Set.copyOf(list(v))),
                s.get("log-format", "text", Function.identity()),
                s.get("log-level", "INFO", Function.identity()),
                Clock.systemUTC());
    }

    /** The same settings on another clock (tests move time forward to expire sessions). */
    public ServerSettings withClock(Clock newClock) {
        return new ServerSettings(host, port, dataDir, dbUrl, dbUser, dbPassword, dbPoolSize, dbConnectTimeout,
                redisUrl, redisPrefix, masterKey, previousMasterKeys, publicUrl, allowedOrigins, sessionIdleTimeout,
                loginWindow, loginMaxPerAccount, loginMaxPerAddress, framesPerSecond, frameBurst, outgoingQueue,
                groupMaxMembers, passwordHashMemoryKib, passwordHashIterations, trustedProxies, logFormat, logLevel,
                newClock);
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    private record Source(Config config, Map<String, String> env) {
        <T> T get(String key, T fallback, Function<String, T> parse) {
            String envName = "PARLEY_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
            String raw = env.get(envName);
            if (raw == null) {
                Config node = config.get(key);
                if (node.isList()) {
                    raw = node.asList(String.class).get().stream().collect(Collectors.joining(","));
                } else {
                    raw = node.asString().orElse(null);
                }
            }
            if (raw == null) {
                return fallback;
            }
            try {
                return parse.apply(raw.strip());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Setting " + key + " (" + envName + ") has a bad value: " + raw, e);
            }
        }
    }
}
