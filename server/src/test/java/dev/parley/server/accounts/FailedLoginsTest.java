package dev.parley.server.accounts;

import dev.parley.server.support.TestEnvironment;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Both stores keep failures inside the window, oldest first, and forget them when cleared. */
class FailedLoginsTest {
    private static final Duration WINDOW = Duration.ofMinutes(15);

    @Test
    void inMemory() {
        checkStore(new InMemoryFailedLogins());
    }

    @Test
    void inRedis() {
        TestEnvironment.requirePostgresAndRedis();
        try (RedisFailedLogins store = new RedisFailedLogins(TestEnvironment.REDIS_URL,
                "parley-test-" + UUID.randomUUID() + ":")) {
            checkStore(store);
        }
    }

    @Test
    void withRedisUnreachableFailuresAreStillCountedOnThisNode() {
        try (RedisFailedLogins store = new RedisFailedLogins("redis://127.0.0.1:1", "unreachable:")) {
            checkStore(store);
        }
    }

    private static void checkStore(FailedLogins store) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS); // Redis keeps milliseconds
        String key = "u:" + UUID.randomUUID();
        store.add(key, now.minus(Duration.ofMinutes(20)), WINDOW);
        store.add(key, now.minus(Duration.ofMinutes(2)), WINDOW);
        store.add(key, now.minus(Duration.ofMinutes(1)), WINDOW);
        assertThat(store.since(key, now.minus(WINDOW)))
                .containsExactly(now.minus(Duration.ofMinutes(2)), now.minus(Duration.ofMinutes(1)));
        assertThat(store.since("u:" + UUID.randomUUID(), now.minus(WINDOW))).isEmpty();
        store.clear(key);
        assertThat(store.since(key, now.minus(WINDOW))).isEmpty();
    }
}
