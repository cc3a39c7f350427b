package dev.parley.server.metrics;

import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.support.DeviceSocketClient;
import dev.parley.server.support.Metrics;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.ParleyClient.Account;
import dev.parley.server.support.ParleyClient.Session;
import dev.parley.server.support.TestCluster;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A message relayed to another node is counted and timed there, as a live delivery; its resend as one again. */
class CrossNodeMetricsTest {
    private static final String DELIVERED = "parley_messages_delivered_total";
    private static final String TIMED = "parley_delivery_latency_seconds_count";

    @Test
    void aRelayedMessageIsTimedOnTheNodeThatWritesItToTheDevice() {
        try (TestCluster cluster = TestCluster.start(2)) {
            ParleyClient node0 = cluster.client(0);
            ParleyClient node1 = cluster.client(1);
            Session cal = node0.login(node0.register("cal"), "Laptop");
            Account dee = node1.register("dee");
            Session deePhone = node1.login(dee, "Phone");
            ConversationView chat = node0.startDirect(cal, dee.username());
            try (DeviceSocketClient sender = node0.connect(cal); DeviceSocketClient phone = node1.connect(deePhone)) {
                double live = Metrics.sum(node1, DELIVERED, "via=\"live\"");
                double again = Metrics.sum(node1, DELIVERED, "via=\"again\"");
                double timed = Metrics.sum(node1, TIMED);
                UUID clientId = UUID.randomUUID();

                ServerFrame.Ack ack = (ServerFrame.Ack) sender.sendMessage(chat.id(), clientId, "across");
                phone.await(ServerFrame.Message.class, m -> m.message().id().equals(ack.messageId()));
                assertThat(Metrics.awaitSum(node1, v -> v >= live + 1, DELIVERED, "via=\"live\"")).isEqualTo(live + 1);
                assertThat(Metrics.awaitSum(node1, v -> v >= timed + 1, TIMED)).isEqualTo(timed + 1);

                sender.sendMessage(chat.id(), clientId, "across");
                assertThat(Metrics.awaitSum(node1, v -> v >= again + 1, DELIVERED, "via=\"again\"")).isEqualTo(again + 1);
                assertThat(Metrics.sum(node1, TIMED)).isEqualTo(timed + 1);
            }
        }
    }
}
