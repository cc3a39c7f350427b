package dev.parley.server.cluster;

import dev.parley.protocol.ids.UserId;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which nodes hold devices of which user, in Redis: per user a sorted set of node ids scored by when
 * the claim expires. A node claims a user when one of their devices connects and renews the claim with
 * every heartbeat; it never removes one, so a reconnect racing a disconnect cannot lose a route. A
 * stale claim only costs a frame published to a node that no longer has the device.
 */
final class DeviceRoutes {
    /** Renewed every 30 s heartbeat; long enough that one late heartbeat loses nothing. */
    static final Duration TTL = Duration.ofSeconds(90);

    private final RedisClient redis;
    private final String prefix;
    private final String node;
    private final Clock clock;

    DeviceRoutes(RedisClient redis, String prefix, String node, Clock clock) {
        this.redis = redis;
        this.prefix = prefix;
        this.node = node;
        this.clock = clock;
    }

    /** Claims {@code users} for this node (one pipelined round trip). */
    void claim(Collection<UserId> users) {
        if (users.isEmpty()) {
            return;
        }
        double expires = clock.millis() + TTL.toMillis();
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (UserId user : users) {
                String key = key(user);
                pipeline.zadd(key, expires, node);
                pipeline.pexpire(key, TTL.toMillis());
            }
            pipeline.sync();
        }
    }

    /** The other nodes holding devices of each of {@code users} (one pipelined round trip); absent: none. */
    Map<UserId, List<String>> otherNodesOf(Collection<UserId> users) {
        List<UserId> ordered = List.copyOf(users);
        List<Response<List<String>>> answers = new ArrayList<>(ordered.size());
        long now = clock.millis();
        try (AbstractPipeline pipeline = redis.pipelined()) {
            for (UserId user : ordered) {
                answers.add(pipeline.zrangeByScore(key(user), now, Double.POSITIVE_INFINITY));
            }
            pipeline.sync();
        }
        Map<UserId, List<String>> nodes = new HashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            List<String> others = answers.get(i).get().stream().filter(holder -> !holder.equals(node)).toList();
            if (!others.isEmpty()) {
                nodes.put(ordered.get(i), others);
            }
        }
        return nodes;
    }

    private String key(UserId user) {
        return prefix + "route:" + user;
    }
}
