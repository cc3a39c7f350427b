package dev.parley.server.cluster;

import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.ids.UserId;
import dev.parley.server.realtime.EncodedFrame;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Carries this node's frames to the nodes that hold the recipients' other devices. One thread drains a
 * queue, so frames leave in the order they were committed and pushed here; each round looks up the
 * routes of every recipient in the round and publishes to each node's channel, both pipelined. Never
 * blocks a caller: when Redis is down or too slow the frames are dropped (the database has them), and
 * once publishing works again every node is told to make its devices sync.
 */
final class RelayPublisher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RelayPublisher.class.getName());
    private static final int ROUND = 256;
    private static final int QUEUE = 100_000;

    private sealed interface Outgoing {
    }

    private record OutgoingFrame(List<UserId> users, EncodedFrame frame, DeviceId exceptDevice) implements Outgoing {
    }

    private record ToEveryNode(RelayMessage message) implements Outgoing {
    }

    private final RedisClient redis;
    private final DeviceRoutes routes;
    private final ClusterChannels channels;
    private final String node;
    private final RedisLink link;
    private final BlockingQueue<Outgoing> queue = new ArrayBlockingQueue<>(QUEUE);
    private final Thread thread;
    private volatile boolean running = true;
    /** Frames were dropped since the last successful "everyone sync" broadcast. */
    private boolean owesSyncBroadcast;

    RelayPublisher(RedisClient redis, DeviceRoutes routes, ClusterChannels channels, String node, RedisLink link) {
        this.redis = redis;
        this.routes = routes;
        this.channels = channels;
        this.node = node;
        this.link = link;
        this.thread = Thread.ofPlatform().name("relay-publisher").daemon().start(this::run);
    }

    /** Queues a frame for the devices of {@code users} on other nodes. */
    void frame(Collection<UserId> users, EncodedFrame encodedFrame, DeviceId exceptDevice) {
        offer(new OutgoingFrame(List.copyOf(users), encodedFrame, exceptDevice));
    }

    /** Queues a note that these sessions ended, for every node. */
    void sessionsEnded(Collection<DeviceId> devices) {
        offer(new ToEveryNode(new RelayMessage.SessionsEnded(node, List.copyOf(devices))));
    }

    private void offer(Outgoing outgoing) {
        if (!queue.offer(outgoing)) {
            link.dropped(1);
            synchronized (this) {
                owesSyncBroadcast = true;
            }
        }
    }

    private void run() {
        List<Outgoing> round = new ArrayList<>(ROUND);
        while (running) {
            try {
                Outgoing first = queue.poll(1, TimeUnit.SECONDS);
                if (first != null) {
                    round.add(first);
                    queue.drainTo(round, ROUND - 1);
                    publish(round);
                    round.clear();
                } else {
                    settleSyncBroadcast();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Relay publisher failed a round; going on", e);
                round.clear();
            }
        }
    }

    private void publish(List<Outgoing> round) {
        try {
            Set<UserId> recipients = new LinkedHashSet<>();
            for (Outgoing outgoing : round) {
                if (outgoing instanceof OutgoingFrame frame) {
                    recipients.addAll(frame.users());
                }
            }
            Map<UserId, List<String>> nodesOf = recipients.isEmpty() ? Map.of() : routes.otherNodesOf(recipients);
            List<Map.Entry<String, String>> publications = new ArrayList<>();
            for (Outgoing outgoing : round) {
                switch (outgoing) {
                    case ToEveryNode everyone -> publications.add(Map.entry(channels.everyone(),
                            everyone.message().encode()));
                    case OutgoingFrame frame -> {
                        for (Map.Entry<String, List<UserId>> there : byNode(frame.users(), nodesOf).entrySet()) {
                            publications.add(Map.entry(channels.of(there.getKey()), new RelayMessage.Frame(node,
                                    frame.exceptDevice(), there.getValue(), frame.frame()).encode()));
                        }
                    }
                }
            }
            // A round whose recipients have no device on another node publishes nothing: no second round trip.
            if (!publications.isEmpty()) {
                try (AbstractPipeline pipeline = redis.pipelined()) {
                    publications.forEach(p -> pipeline.publish(p.getKey(), p.getValue()));
                    pipeline.sync();
                }
            }
            link.worked();
        } catch (RuntimeException e) {
            link.failed("publishing to other nodes", e);
            link.dropped(round.size());
            synchronized (this) {
                owesSyncBroadcast = true;
            }
            return;
        }
        settleSyncBroadcast();
    }

    private static Map<String, List<UserId>> byNode(List<UserId> users, Map<UserId, List<String>> nodesOf) {
        Map<String, List<UserId>> byNode = new HashMap<>();
        for (UserId user : users) {
            for (String holder : nodesOf.getOrDefault(user, List.of())) {
                byNode.computeIfAbsent(holder, n -> new ArrayList<>()).add(user);
            }
        }
        return byNode;
    }

    /** After dropped frames, once Redis works: every node's devices sync, which brings them what was dropped. */
    private void settleSyncBroadcast() {
        synchronized (this) {
            if (!owesSyncBroadcast) {
                return;
            }
        }
        try {
            redis.publish(channels.everyone(),
                    new RelayMessage.SyncNeeded(node, "cross-node delivery resumed after an outage").encode());
            synchronized (this) {
                owesSyncBroadcast = false;
            }
            link.worked();
        } catch (RuntimeException e) {
            link.failed("telling other nodes to sync", e);
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
