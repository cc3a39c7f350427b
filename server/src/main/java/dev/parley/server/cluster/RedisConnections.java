package dev.parley.server.cluster;

import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

import java.net.URI;
import java.time.Duration;

/** How the relay connects to Redis: a bounded pool for commands, a connection of its own per subscription. */
final class RedisConnections {
    /** Never wait on the pool for long: a relay thread stuck there would stall cross-node delivery unseen. */
    private static final Duration POOL_WAIT = Duration.ofSeconds(2);
    private static final int POOL_SIZE = 32;

    private RedisConnections() {
    }

    static RedisClient pooled(String url) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(POOL_SIZE);
        pool.setMaxIdle(POOL_SIZE);
        pool.setMaxWait(POOL_WAIT);
        return RedisClient.builder().fromURI(URI.create(url)).poolConfig(pool).build();
    }

    /** A connection outside the pool, for a subscription that holds it for as long as it lasts. */
    static Jedis dedicated(String url) {
        return new Jedis(URI.create(url));
    }
}
