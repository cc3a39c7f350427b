package dev.parley.server.cluster;

import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MessageView;
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

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node whose database cannot be reached refuses sends with the retryable {@code unavailable}, never
 * acknowledges them, keeps the socket open, and stores the resend once the database is back.
 */
class DatabaseOutageTest {
    @Test
    void sendsAreRefusedAsUnavailableNeverAcknowledgedAndTheResendIsStoredOnce() throws InterruptedException {
        TestEnvironment.requirePostgresAndRedis();
        try (TcpProxy databaseLink = new TcpProxy(TestEnvironment.PG_HOST, Integer.parseInt(TestEnvironment.PG_PORT));
             TestCluster cluster = TestCluster.start(1, databaseLink, null)) {
            ParleyClient node = cluster.client(0);
            Account bob = node.register("bob");
            Session alice = node.login(node.register("alice"), "Laptop");
            Session bobLaptop = node.login(bob, "Laptop");
            ConversationView chat = node.startDirect(alice, bob.username());

            try (DeviceSocketClient aliceSocket = node.connect(alice);
                 DeviceSocketClient bobSocket = node.connect(bobLaptop)) {
                double refusedBefore = Metrics.value(node, "parley_database_unavailable");
                databaseLink.cut();
                UUID clientMessageId = UUID.randomUUID();
                ServerFrame refused = aliceSocket.sendMessage(chat.id(), clientMessageId, "kept in the outbox");
                assertThat(refused).isInstanceOfSatisfying(ServerFrame.Error.class,
                        e -> assertThat(e.code()).isEqualTo("unavailable"));
                ParleyClient.Response rest = node.get("/api/v1/conversations", alice.token());
                assertThat(rest.status()).isEqualTo(503);
                assertThat(rest.errorCode()).isEqualTo("unavailable");
                assertThat(rest.headers().firstValue("Retry-After")).isPresent();

                assertThat(Metrics.value(node, "parley_database_unavailable"))
                        .as("each refusal is counted").isGreaterThanOrEqualTo(refusedBefore + 2);

                databaseLink.restore();
                ServerFrame answer = resendWhileUnavailable(aliceSocket, chat, clientMessageId);
                assertThat(answer).as("the same socket, still open, stores the resend")
                        .isInstanceOf(ServerFrame.Ack.class);
                ServerFrame.Ack ack = (ServerFrame.Ack) answer;
                assertThat(ack.duplicate()).as("the refused attempt stored nothing").isFalse();
                bobSocket.await(ServerFrame.Message.class, m -> m.message().id().equals(ack.messageId()));
                List<MessageView> log = bobSocket.syncAll(List.of(), 100).messages().stream()
                        .filter(m -> clientMessageId.equals(m.clientMessageId())).toList();
                assertThat(log).hasSize(1);
            }
        }
    }

    /**
     * Resends as the desktop outbox does: a pooled connection cut during the outage may fail once more
     * after the database is back (the pool drops it only then), so {@code unavailable} is retried for a
     * few seconds. Any other answer ends the loop.
     */
    private static ServerFrame resendWhileUnavailable(DeviceSocketClient socket, ConversationView chat,
                                                      UUID clientMessageId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            ServerFrame answer = socket.sendMessage(chat.id(), clientMessageId, "kept in the outbox");
            boolean unavailable = answer instanceof ServerFrame.Error error && error.code().equals("unavailable");
            if (!unavailable || System.nanoTime() > deadline) {
                return answer;
            }
            Thread.sleep(250);
        }
    }
}
