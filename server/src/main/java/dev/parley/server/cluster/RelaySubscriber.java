package dev.parley.server.cluster;

import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.realtime.ConnectionRegistry;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Listens on this node's channel and on the all-nodes channel, and hands what arrives to the devices
 * connected here, in the order it arrives. When the subscription breaks (Redis restarted or
 * unreachable) it retries with backoff; once subscribed again it runs {@code resumed} — claim routes
 * again, tell the devices here to sync — since anything published meanwhile is gone.
 */
final class RelaySubscriber implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RelaySubscriber.class.getName());
    private static final long FIRST_RETRY_MILLIS = 100;
    private static final long LAST_RETRY_MILLIS = 2_000;

    private final String redisUrl;
    private final ClusterChannels channels;
    private final String node;
    private final ConnectionRegistry registry;
    private final RedisLink link;
    private final Runnable resumed;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile JedisPubSub subscription;
    private volatile boolean subscribed;

    RelaySubscriber(String redisUrl, ClusterChannels channels, String node, ConnectionRegistry registry,
                    RedisLink link, Runnable resumed) {
        this.redisUrl = redisUrl;
        this.channels = channels;
        this.node = node;
        this.registry = registry;
        this.link = link;
        this.resumed = resumed;
        this.thread = Thread.ofPlatform().name("relay-subscriber").daemon().start(this::run);
    }

    /** True while subscribed to both channels. */
    boolean subscribed() {
        return subscribed;
    }

    private void run() {
        long retry = FIRST_RETRY_MILLIS;
        boolean broken = false;
        while (running) {
            Listener listener = new Listener(broken);
            subscription = listener;
            try (Jedis connection = RedisConnections.dedicated(redisUrl)) {
                connection.subscribe(listener, channels.of(node), channels.everyone());
                broken = false; // unsubscribed on purpose: closing
            } catch (RuntimeException e) {
                subscribed = false;
                if (!running) {
                    return;
                }
                link.failed("listening to other nodes", e);
                broken = true;
                if (listener.confirmed) {
                    retry = FIRST_RETRY_MILLIS; // it had worked: the first retry comes soon
                }
                try {
                    Thread.sleep(retry);
                } catch (InterruptedException interrupted) {
                    return;
                }
                retry = Math.min(retry * 2, LAST_RETRY_MILLIS);
            }
        }
    }

    private final class Listener extends JedisPubSub {
        private final boolean afterOutage;
        private volatile boolean confirmed;

        Listener(boolean afterOutage) {
            this.afterOutage = afterOutage;
        }

        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            if (subscribedChannels < 2 || confirmed) {
                return;
            }
            confirmed = true;
            subscribed = true;
            link.worked();
            if (afterOutage) {
                try {
                    resumed.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Could not finish resuming cross-node delivery", e);
                }
            }
        }

        @Override
        public void onMessage(String channel, String text) {
            RelayMessage message;
            try {
                message = RelayMessage.decode(text);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Ignored a relay message this node cannot read on " + channel, e);
                return;
            }
            switch (message) {
                case RelayMessage.Frame frame ->
                        registry.toUsersEncoded(frame.users(), frame.frame(), frame.exceptDevice());
                case RelayMessage.SessionsEnded ended -> {
                    if (!ended.origin().equals(node)) {
                        registry.sessionsEnded(ended.devices());
                    }
                }
                case RelayMessage.SyncNeeded sync -> {
                    if (!sync.origin().equals(node)) {
                        registry.toEveryone(new ServerFrame.SyncNeeded(sync.reason()));
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        JedisPubSub current = subscription;
        if (current != null && current.isSubscribed()) {
            try {
                current.unsubscribe();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Unsubscribing at close failed", e);
            }
        }
        thread.interrupt();
    }
}
