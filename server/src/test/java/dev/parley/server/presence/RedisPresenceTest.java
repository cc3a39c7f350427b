package dev.parley.server.presence;

import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.ids.UserId;
import dev.parley.server.support.Backend;
import dev.parley.server.support.DeviceSocketClient;
import dev.parley.server.support.ParleyClient.Session;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.TestEnvironment;
import dev.parley.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** With Redis configured, presence and last seen live in Redis keys that expire by themselves. */
class RedisPresenceTest {
    private TestServer server;

    @BeforeEach
    void server() {
        server = TestServer.shared(Backend.POSTGRES_REDIS);
    }

    @Test
    void aConnectedDeviceIsAnExpiringRedisEntryAndLeavingRecordsLastSeen() throws InterruptedException {
        ParleyClient client = server.client();
        Session session = client.login(client.register("redis"), "Laptop");
        String presenceKey = server.redisPrefix() + "presence:" + session.userId();
        String lastSeenKey = server.redisPrefix() + "lastseen:" + session.userId();
        try (RedisClient redis = RedisClient.create(URI.create(TestEnvironment.REDIS_URL))) {
            try (DeviceSocketClient ignored = client.connect(session)) {
                assertThat(redis.zrange(presenceKey, 0, -1)).containsExactly(session.deviceId().toString());
                assertThat(redis.pttl(presenceKey)).isBetween(1L, PresenceService.PRESENCE_TTL.toMillis());
            }
            long deadline = System.currentTimeMillis() + 10_000;
            while (redis.get(lastSeenKey) == null && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(redis.zcard(presenceKey)).isZero();
            assertThat(Instant.ofEpochMilli(Long.parseLong(redis.get(lastSeenKey))))
                    .isBetween(Instant.now().minusSeconds(10), Instant.now().plusSeconds(1));
        }
    }

    @Test
    void aNodesHeartbeatRenewsEveryDeviceInOnePipeline() {
        TestEnvironment.requirePostgresAndRedis();
        String prefix = server.redisPrefix() + "pipelined-" + UUID.randomUUID() + ":";
        List<PresenceStore.Device> devices = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            devices.add(new PresenceStore.Device(new UserId(UUID.randomUUID()), new DeviceId(UUID.randomUUID())));
        }
        try (RedisPresenceStore store = new RedisPresenceStore(TestEnvironment.REDIS_URL, prefix, Clock.systemUTC());
             RedisClient redis = RedisClient.create(URI.create(TestEnvironment.REDIS_URL))) {
            store.devicesOnline(devices, Duration.ofSeconds(60));
            for (PresenceStore.Device d : List.of(devices.getFirst(), devices.get(1_000), devices.getLast())) {
                assertThat(redis.zrange(prefix + "presence:" + d.user(), 0, -1))
                        .containsExactly(d.device().toString());
                assertThat(redis.pttl(prefix + "presence:" + d.user())).isBetween(1L, 60_000L);
            }
            assertThat(store.knownOf(devices.stream().map(PresenceStore.Device::user).toList()))
                    .allMatch(PresenceStore.Known::online);
            for (PresenceStore.Device d : devices) {
                redis.del(prefix + "presence:" + d.user());
            }
        }
    }
}
