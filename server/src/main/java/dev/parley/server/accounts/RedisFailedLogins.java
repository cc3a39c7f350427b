package dev.parley.server.accounts;

import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Failed logins in Redis, shared by every node: per key a sorted set of failures scored by their time,
 * trimmed to the window and expiring with it. While Redis cannot be reached, failures are counted in
 * this process instead (logged once), so guessing is still limited, per node.
 */
public final class RedisFailedLogins implements FailedLogins {
    private static final Logger LOG = Logger.getLogger(RedisFailedLogins.class.getName());

    private final RedisClient redis;
    private final String prefix;
    private final FailedLogins fallback = new InMemoryFailedLogins();
    private final AtomicBoolean reachable = new AtomicBoolean(true);

    public RedisFailedLogins(String url, String prefix) {
        this.redis = RedisClient.create(URI.create(url));
        this.prefix = prefix + "login-failures:";
    }

    @Override
    public void add(String key, Instant at, Duration window) {
        try (AbstractPipeline pipeline = redis.pipelined()) {
            String redisKey = prefix + key;
            long millis = at.toEpochMilli();
            pipeline.zadd(redisKey, millis, millis + ":" + UUID.randomUUID());
            pipeline.zremrangeByScore(redisKey, Double.NEGATIVE_INFINITY, millis - window.toMillis());
            pipeline.pexpire(redisKey, window.toMillis());
            pipeline.sync();
            reachable(true, null);
        } catch (RuntimeException e) {
            reachable(false, e);
            fallback.add(key, at, window);
        }
    }

    @Override
    public List<Instant> since(String key, Instant horizon) {
        try {
            List<String> members = redis.zrangeByScore(prefix + key, horizon.toEpochMilli() + 1,
                    Double.POSITIVE_INFINITY);
            reachable(true, null);
            return members.stream()
                    .map(member -> Instant.ofEpochMilli(Long.parseLong(member.substring(0, member.indexOf(':')))))
                    .toList();
        } catch (RuntimeException e) {
            reachable(false, e);
            return fallback.since(key, horizon);
        }
    }

    @Override
    public void clear(String key) {
        fallback.clear(key);
        try {
            redis.del(prefix + key);
            reachable(true, null);
        } catch (RuntimeException e) {
            reachable(false, e);
        }
    }

    @Override
    public void close() {
        redis.close();
    }

    private void reachable(boolean now, RuntimeException cause) {
        if (!reachable.compareAndSet(!now, now)) {
            return; // no change, or another thread reported it
        }
        if (now) {
            LOG.info("Failed logins are counted in Redis again, across all nodes");
        } else {
            LOG.log(Level.WARNING, "Redis unreachable (" + cause.getMessage() + "): failed logins are counted on "
                    + "this node only until it is back");
        }
    }
}
