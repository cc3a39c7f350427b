package dev.parley.server.presence;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.ids.UserId;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.params.SetParams;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Presence in Redis, shared by every node. Per user, a sorted set of connected devices scored by
 * when their claim expires (renewed by the heartbeat); the key itself also expires, so a crashed node's
 * devices age out. Last seen is a plain key; typing claims are SET NX PX keys.
 */
public final class RedisPresenceStore implements PresenceStore {
    /** Removes one device and every expired one, then says how many are left, atomically. */
    private static final String REMOVE_DEVICE = """
            redis.call('ZREM', KEYS[1], ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
            return redis.call('ZCARD', KEYS[1])
            """;

    private static final int PIPELINE_CHUNK = 1_000;

    private final RedisClient redis;
    private final String prefix;
    private final Clock clock;

    public RedisPresenceStore(String url, String prefix, Clock clock) {
        this.redis = RedisClient.create(URI.create(url));
        this.prefix = prefix;
        this.clock = clock;
    }

    @Override
    public void deviceOnline(UserId user, DeviceId device, Duration ttl) {
        String key = devicesKey(user);
        redis.zadd(key, clock.millis() + ttl.toMillis(), device.toString());
        redis.pexpire(key, ttl.toMillis());
    }

    /** Pipelined: one round trip per thousand devices instead of two per device. */
    @Override
    public void devicesOnline(List<Device> devices, Duration ttl) {
        double expires = clock.millis() + ttl.toMillis();
        for (int from = 0; from < devices.size(); from += PIPELINE_CHUNK) {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                for (Device d : devices.subList(from, Math.min(devices.size(), from + PIPELINE_CHUNK))) {
                    String key = devicesKey(d.user());
                    pipeline.zadd(key, expires, d.device().toString());
                    pipeline.pexpire(key, ttl.toMillis());
                }
                pipeline.sync();
            }
        }
    }

    @Override
    public boolean deviceOffline(UserId user, DeviceId device) {
        Object left = redis.eval(REMOVE_DEVICE, List.of(devicesKey(user)),
                List.of(device.toString(), Long.toString(clock.millis())));
        return ((Number) left).longValue() == 0;
    }

    @Override
    public boolean isOnline(UserId user) {
        return redis.zcount(devicesKey(user), clock.millis(), Double.POSITIVE_INFINITY) > 0;
    }

    @Override
    public void setLastSeen(UserId user, Instant at) {
        redis.set(prefix + "lastseen:" + user, Long.toString(at.toEpochMilli()));
    }

    @Override
    public Optional<Instant> lastSeen(UserId user) {
        return Optional.ofNullable(redis.get(prefix + "lastseen:" + user)).map(v -> Instant.ofEpochMilli(Long.parseLong(v)));
    }

    /** One round trip for everyone: a group of 500 would otherwise cost 500 to 1,000 of them per sync. */
    @Override
    public List<Known> knownOf(List<UserId> users) {
        long now = clock.millis();
        List<Response<Long>> online = new ArrayList<>(users.size());
        List<Response<String>> lastSeen = new ArrayList<>(users.size());
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (UserId user : users) {
                online.add(pipeline.zcount(devicesKey(user), now, Double.POSITIVE_INFINITY));
                lastSeen.add(pipeline.get(prefix + "lastseen:" + user));
            }
            pipeline.sync();
        }
        List<Known> known = new ArrayList<>(users.size());
        for (int i = 0; i < users.size(); i++) {
            String seen = lastSeen.get(i).get();
            known.add(online.get(i).get() > 0 ? new Known(true, null)
                    : new Known(false, seen == null ? null : Instant.ofEpochMilli(Long.parseLong(seen))));
        }
        return known;
    }

    @Override
    public boolean claimTyping(ConversationId conversation, UserId user, Duration window) {
        return "OK".equals(redis.set(prefix + "typing:" + conversation + ":" + user, "1",
                SetParams.setParams().nx().px(window.toMillis())));
    }

    @Override
    public boolean healthy() {
        try {
            return "PONG".equalsIgnoreCase(redis.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        redis.close();
    }

    private String devicesKey(UserId user) {
        return prefix + "presence:" + user;
    }
}
