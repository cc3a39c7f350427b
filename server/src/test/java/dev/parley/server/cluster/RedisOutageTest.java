package dev.parley.server.cluster;

import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.ws.ClientFrame;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.support.DeviceSocketClient;
import dev.parley.server.support.Metrics;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.ParleyClient.Account;
import dev.parley.server.support.ParleyClient.Session;
import dev.parley.server.support.TcpProxy;
import dev.parley.server.support.TestCluster;
import dev.parley.server.support.TestEnvironment;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes whose link to Redis is cut and restored: while it is down each node goes on storing and
 * delivering to its own devices, and presence and typing answer without errors; when it is back the
 * devices of the other node are told to sync and get what they missed, and live relay resumes.
 */
class RedisOutageTest {
    @Test
    void nodesKeepDeliveringLocallyAndTheOthersCatchUpWhenRedisIsBack() {
        TestEnvironment.requirePostgresAndRedis();
        URI redis = URI.create(TestEnvironment.REDIS_URL);
        try (TcpProxy redisLink = new TcpProxy(redis.getHost(), redis.getPort());
             TestCluster cluster = TestCluster.start(2, null, redisLink)) {
            ParleyClient node0 = cluster.client(0);
            ParleyClient node1 = cluster.client(1);
            Account bob = node0.register("bob");
            Session alice = node0.login(node0.register("alice"), "Laptop");
            Session bobLaptop = node0.login(bob, "Laptop");
            Session bobPhone = node1.login(bob, "Phone");
            ConversationView chat = node0.startDirect(alice, bob.username());

            try (DeviceSocketClient aliceSocket = node0.connect(alice);
                 DeviceSocketClient sameNode = node0.connect(bobLaptop);
                 DeviceSocketClient otherNode = node1.connect(bobPhone)) {
                ServerFrame.Ack before = aliceSocket.sendText(chat.id(), "before the outage");
                otherNode.await(ServerFrame.Message.class, m -> m.message().id().equals(before.messageId()));

                double outagesBefore = Metrics.value(node0, "parley_relay_outages");
                redisLink.cut();
                ServerFrame.Ack during = aliceSocket.sendText(chat.id(), "while Redis is down");
                sameNode.await(ServerFrame.Message.class, m -> m.message().id().equals(during.messageId()));
                String ping = DeviceSocketClient.newRequestId();
                aliceSocket.send(new ClientFrame.Ping(ping));
                assertThat(aliceSocket.answerTo(ping)).isInstanceOf(ServerFrame.Pong.class);
                aliceSocket.send(new ClientFrame.Typing(DeviceSocketClient.newRequestId(), chat.id()));
                sameNode.await(ServerFrame.Typing.class, t -> t.userId().equals(alice.userId()));
                assertThat(aliceSocket.received(ServerFrame.Error.class)).isEmpty();
                assertThat(node0.get("/api/v1/conversations", alice.token()).status()).isEqualTo(200);
                assertThat(otherNode.awaitWithin(ServerFrame.Message.class,
                        m -> m.message().id().equals(during.messageId()), Duration.ofSeconds(1))).isEmpty();

                assertThat(Metrics.value(node0, "parley_relay_outages")).as("the outage is counted")
                        .isGreaterThan(outagesBefore);
                assertThat(Metrics.value(node0, "parley_relay_dropped")).as("the frame for the other node")
                        .isGreaterThanOrEqualTo(1);

                redisLink.restore();
                ServerFrame.SyncNeeded told = otherNode.await(ServerFrame.SyncNeeded.class, s -> true);
                assertThat(told.reason()).isNotBlank();
                List<MessageView> synced = otherNode.syncAll(List.of(), 100).messages();
                assertThat(synced).extracting(MessageView::id).contains(before.messageId(), during.messageId());

                ServerFrame.Ack after = aliceSocket.sendText(chat.id(), "after the outage");
                otherNode.await(ServerFrame.Message.class, m -> m.message().id().equals(after.messageId()));
            }
        }
    }
}
