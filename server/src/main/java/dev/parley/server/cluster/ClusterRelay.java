package dev.parley.server.cluster;

import dev.parley.protocol.codec.JsonCodec;
import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.accounts.SessionListener;
import dev.parley.server.realtime.ConnectionRegistry;
import dev.parley.server.realtime.EncodedFrame;
import dev.parley.server.realtime.Fanout;
import dev.parley.server.realtime.NodeRoutes;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Metrics;
import redis.clients.jedis.RedisClient;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This node as one of several sharing a database and Redis: frames go to the devices connected here at
 * once and, through Redis pub/sub, to the nodes that hold the recipients' other devices; ended sessions
 * close sockets on every node. The database stays the source of truth — a frame lost between nodes is
 * healed by delta sync — so Redis being down only slows other nodes' devices, never loses anything.
 */
public final class ClusterRelay implements Fanout, SessionListener, NodeRoutes, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ClusterRelay.class.getName());

    private final String node;
    private final ConnectionRegistry registry;
    private final JsonCodec codec;
    private final RedisClient redis;
    private final DeviceRoutes routes;
    private final RedisLink link = new RedisLink();
    private final RelayPublisher publisher;
    private final RelaySubscriber subscriber;
    private final Gauge<Integer> linkedGauge;

    /**
     * Starts relaying. {@code resumed} runs after Redis comes back from an outage, before the devices
     * here are told to sync (the server renews their presence in it: Redis may have lost it all).
     */
    public ClusterRelay(String node, String redisUrl, String prefix, ConnectionRegistry registry, JsonCodec codec,
                        Clock clock, Runnable resumed) {
        this.node = node;
        this.registry = registry;
        this.codec = codec;
        this.redis = RedisConnections.pooled(redisUrl);
        this.routes = new DeviceRoutes(redis, prefix, node, clock);
        ClusterChannels channels = new ClusterChannels(prefix);
        this.publisher = new RelayPublisher(redis, routes, channels, node, link);
        this.subscriber = new RelaySubscriber(redisUrl, channels, node, registry, link, () -> {
            routes.claim(registry.users());
            resumed.run();
            registry.toEveryone(new ServerFrame.SyncNeeded("cross-node delivery resumed after an outage"));
        });
        this.linkedGauge = Metrics.getOrCreate(Gauge.builder("parley.relay.linked", () -> linked() ? 1 : 0)
                .description("1 while this node hears the other nodes through Redis, else 0")
                .tags(Metrics.tags("node", node)));
        LOG.info(() -> "Cluster node " + node + " relaying through Redis " + redact(redisUrl));
    }

    /** True while this node hears the other nodes. */
    public boolean linked() {
        return subscriber.subscribed() && link.isUp();
    }

    @Override
    public void toUsers(Collection<UserId> users, ServerFrame frame, DeviceId exceptDevice) {
        relay(users, EncodedFrame.of(frame, codec.encode(frame)), exceptDevice);
    }

    @Override
    public void toUsersAgain(Collection<UserId> users, ServerFrame.Message frame, DeviceId exceptDevice) {
        relay(users, EncodedFrame.again(codec.encode(frame)), exceptDevice);
    }

    private void relay(Collection<UserId> users, EncodedFrame frame, DeviceId exceptDevice) {
        registry.toUsersEncoded(users, frame, exceptDevice);
        publisher.frame(users, frame, exceptDevice);
    }

    @Override
    public void sessionsEnded(Collection<DeviceId> devices) {
        registry.sessionsEnded(devices);
        publisher.sessionsEnded(devices);
    }

    /**
     * A device of {@code user} connected here: claims the user for this node before the device gets its
     * hello, so every entry committed after the device's first sync is relayed to it.
     */
    @Override
    public void deviceConnected(UserId user) {
        try {
            routes.claim(List.of(user));
            link.worked();
        } catch (RuntimeException e) {
            link.failed("claiming a connected device", e);
        }
    }

    /** Every heartbeat: renews the claims of every user with a device here. */
    public void heartbeat() {
        try {
            routes.claim(registry.users());
            link.worked();
        } catch (RuntimeException e) {
            link.failed("renewing this node's devices", e);
        }
    }

    @Override
    public void close() {
        Metrics.globalRegistry().remove(linkedGauge);
        subscriber.close();
        publisher.close();
        try {
            redis.close();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Closing Redis failed", e);
        }
    }

    private static String redact(String url) {
        return url.replaceAll("//[^@/]*@", "//***@");
    }
}
