package dev.parley.server.metrics;

import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.SyncCursor;
import dev.parley.protocol.ws.ClientFrame;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.support.Backend;
import dev.parley.server.support.DeviceSocketClient;
import dev.parley.server.support.Metrics;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.ParleyClient.Account;
import dev.parley.server.support.ParleyClient.Session;
import dev.parley.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a node reports on {@code /observe/metrics} for operators (docs/METRICS.md), read as Prometheus
 * text from a real server. Counters and the histogram are the process's, so each test reads how much
 * they moved; gauges are the server's own, tagged with its node id.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class MetricsTest {
    private static final Map<Backend, TestServer> SERVERS = new EnumMap<>(Backend.class);
    private static final String SENT = "parley_messages_sent_total";
    private static final String DELIVERED = "parley_messages_delivered_total";
    private static final String LATENCY = "parley_delivery_latency_seconds";
    private static final String ERRORS = "parley_errors_total";

    @Parameter
    Backend backend;

    private TestServer server;
    private ParleyClient client;
    private Session ann;
    private Session benLaptop;
    private Session benPhone;
    private ConversationView chat;

    @BeforeEach
    void annAndBenWithTwoDevices() {
        server = SERVERS.computeIfAbsent(backend, b -> TestServer.start(b, Map.of()));
        client = server.client();
        ann = client.login(client.register("ann"), "Laptop");
        Account ben = client.register("ben");
        benLaptop = client.login(ben, "Laptop");
        benPhone = client.login(ben, "Phone");
        chat = client.startDirect(ann, ben.username());
    }

    @AfterAll
    static void stopServers() {
        SERVERS.values().forEach(TestServer::close);
        SERVERS.clear();
    }

    @Test
    void connectedDevicesCountsOpenSocketsOfThisNode() {
        String node = "node=\"" + server.nodeId() + "\"";
        try (DeviceSocketClient laptop = client.connect(benLaptop)) {
            try (DeviceSocketClient phone = client.connect(benPhone)) {
                assertThat(Metrics.sum(client, "parley_devices_connected", node)).isEqualTo(2);
            }
            assertThat(Metrics.awaitSum(client, v -> v == 1, "parley_devices_connected", node)).isEqualTo(1);
        }
        assertThat(Metrics.awaitSum(client, v -> v == 0, "parley_devices_connected", node)).isZero();
    }

    @Test
    void sentCountsNewMessagesAndDeliveredCountsEveryRecipientDevice() {
        int messages = 5;
        double sent = Metrics.sum(client, SENT);
        double live = Metrics.sum(client, DELIVERED, "via=\"live\"");
        double again = Metrics.sum(client, DELIVERED, "via=\"again\"");
        double timed = Metrics.sum(client, LATENCY + "_count");
        try (DeviceSocketClient sender = client.connect(ann);
             DeviceSocketClient laptop = client.connect(benLaptop);
             DeviceSocketClient phone = client.connect(benPhone)) {
            UUID first = UUID.randomUUID();
            ServerFrame.Ack original = (ServerFrame.Ack) sender.sendMessage(chat.id(), first, "message 0");
            for (int i = 1; i < messages; i++) {
                sender.sendText(chat.id(), "message " + i);
            }
            laptop.awaitAll(ServerFrame.Message.class, messages, DeviceSocketClient.TIMEOUT);
            phone.awaitAll(ServerFrame.Message.class, messages, DeviceSocketClient.TIMEOUT);

            // A resend stores nothing new; the stored message is pushed again to Ben's two devices.
            ServerFrame.Ack resent = (ServerFrame.Ack) sender.sendMessage(chat.id(), first, "message 0");
            assertThat(resent.duplicate()).isTrue();
            assertThat(resent.messageId()).isEqualTo(original.messageId());
            laptop.awaitAll(ServerFrame.Message.class, messages + 1, DeviceSocketClient.TIMEOUT);
            phone.awaitAll(ServerFrame.Message.class, messages + 1, DeviceSocketClient.TIMEOUT);
        }
        // Ann's laptop sent them (a sender's own device gets the ack, not the message); Ben has two devices.
        assertThat(Metrics.awaitSum(client, v -> v >= live + 2 * messages, DELIVERED, "via=\"live\""))
                .isEqualTo(live + 2 * messages);
        assertThat(Metrics.awaitSum(client, v -> v >= again + 2, DELIVERED, "via=\"again\"")).isEqualTo(again + 2);
        assertThat(Metrics.sum(client, SENT)).isEqualTo(sent + messages);
        // Only live deliveries are timed: the histogram counts them, not the pushes again.
        assertThat(Metrics.awaitSum(client, v -> v >= timed + 2 * messages, LATENCY + "_count"))
                .isEqualTo(timed + 2 * messages);
    }

    @Test
    void deliveryLatencyIsAPrometheusHistogramWithMillisecondBuckets() {
        try (DeviceSocketClient sender = client.connect(ann); DeviceSocketClient laptop = client.connect(benLaptop)) {
            ServerFrame.Ack ack = sender.sendText(chat.id(), "timed");
            laptop.await(ServerFrame.Message.class, m -> m.message().id().equals(ack.messageId()));
        }
        Metrics.awaitSum(client, v -> v > 0, LATENCY + "_count");
        assertThat(Metrics.scrape(client)).contains("# TYPE " + LATENCY + " histogram")
                .doesNotContain(LATENCY + "{"); // no client-side quantiles: they cannot be aggregated across nodes
        for (String le : List.of("0.001", "0.002", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0",
                "2.5", "5.0", "10.0", "+Inf")) {
            assertThat(Metrics.series(client, LATENCY + "_bucket", "le=\"" + le + "\"")).as("bucket le=%s", le)
                    .isPresent();
        }
        // Buckets are cumulative: +Inf holds every timed delivery.
        assertThat(Metrics.sum(client, LATENCY + "_bucket", "le=\"+Inf\""))
                .isEqualTo(Metrics.sum(client, LATENCY + "_count"));
    }

    @Test
    void aSyncRequestCountsAndSoDoTheEntriesItDelivers() {
        try (DeviceSocketClient sender = client.connect(ann)) {
            sender.sendText(chat.id(), "to catch up on");
            sender.sendText(chat.id(), "and this");
        }
        double requests = Metrics.sum(client, "parley_sync_requests_total");
        double synced = Metrics.sum(client, DELIVERED, "via=\"sync\"");
        try (DeviceSocketClient laptop = client.connect(benLaptop)) {
            DeviceSocketClient.SyncResult result = laptop.syncAll(List.of(), 100);

            assertThat(result.pages()).isEqualTo(1);
            assertThat(result.messages()).hasSizeGreaterThanOrEqualTo(2);
            assertThat(Metrics.sum(client, "parley_sync_requests_total")).isEqualTo(requests + 1);
            assertThat(Metrics.awaitSum(client, v -> v >= synced + result.messages().size(), DELIVERED,
                    "via=\"sync\"")).isEqualTo(synced + result.messages().size());
        }
    }

    @Test
    void aBadFrameGetsAnErrorFrameAndIsCountedByItsCode() {
        String badJson = "code=\"bad_json\"";
        String unknownType = "code=\"unknown_type\"";
        double before = Metrics.sum(client, ERRORS, badJson, "transport=\"websocket\"");
        double unknownBefore = Metrics.sum(client, ERRORS, unknownType, "transport=\"websocket\"");
        try (DeviceSocketClient laptop = client.connect(benLaptop)) {
            laptop.sendRaw("{not json");
            assertThat(laptop.await(ServerFrame.Error.class, e -> true).code()).isEqualTo("bad_json");
            laptop.sendRaw("{\"type\":\"teleport\",\"requestId\":\"r1\"}");
            assertThat(laptop.awaitError("r1").code()).isEqualTo("unknown_type");
        }
        assertThat(Metrics.sum(client, ERRORS, badJson, "transport=\"websocket\"")).isEqualTo(before + 1);
        assertThat(Metrics.sum(client, ERRORS, unknownType, "transport=\"websocket\"")).isEqualTo(unknownBefore + 1);
    }

    @Test
    void aFrameRefusedByTheServiceIsCountedByItsCode() {
        String notFound = "code=\"conversation_not_found\"";
        double before = Metrics.sum(client, ERRORS, notFound, "transport=\"websocket\"");
        try (DeviceSocketClient laptop = client.connect(benLaptop)) {
            ServerFrame answer = laptop.sendMessage(new dev.parley.protocol.ids.ConversationId(UUID.randomUUID()),
                    UUID.randomUUID(), "nowhere");
            assertThat(answer).isInstanceOfSatisfying(ServerFrame.Error.class,
                    e -> assertThat(e.code()).isEqualTo("conversation_not_found"));
        }
        assertThat(Metrics.sum(client, ERRORS, notFound, "transport=\"websocket\"")).isEqualTo(before + 1);
    }

    @Test
    void restErrorsAreCountedByTheirCode() {
        String notFound = "code=\"conversation_not_found\"";
        String unauthenticated = "code=\"unauthenticated\"";
        String noRoute = "code=\"not_found\"";
        double notFoundBefore = Metrics.sum(client, ERRORS, notFound, "transport=\"rest\"");
        double unauthenticatedBefore = Metrics.sum(client, ERRORS, unauthenticated, "transport=\"rest\"");
        double noRouteBefore = Metrics.sum(client, ERRORS, noRoute, "transport=\"rest\"");

        assertThat(client.get("/api/v1/conversations/" + UUID.randomUUID(), ann.token()).status()).isEqualTo(404);
        assertThat(client.get("/api/v1/conversations", null).status()).isEqualTo(401);
        assertThat(client.get("/api/v1/no-such-thing", ann.token()).status()).isEqualTo(404);

        assertThat(Metrics.sum(client, ERRORS, notFound, "transport=\"rest\"")).isEqualTo(notFoundBefore + 1);
        assertThat(Metrics.sum(client, ERRORS, unauthenticated, "transport=\"rest\"")).isEqualTo(unauthenticatedBefore + 1);
        assertThat(Metrics.sum(client, ERRORS, noRoute, "transport=\"rest\"")).isEqualTo(noRouteBefore + 1);
    }

    @Test
    void theDatabaseFileSizeIsReportedForEmbeddedH2Only() {
        String node = "node=\"" + server.nodeId() + "\"";
        if (backend == Backend.H2) {
            assertThat(Metrics.awaitSum(client, bytes -> bytes > 0, "parley_database_file_bytes", node))
                    .isPositive();
        } else {
            assertThat(Metrics.series(client, "parley_database_file_bytes", node)).isEmpty();
        }
    }

    @Test
    void poolGaugesShowAConnectionHeldByAWaitingSend() throws Exception {
        String node = "node=\"" + server.nodeId() + "\"";
        assertThat(Metrics.series(client, "parley_database_pool_max", node)).isPresent();
        assertThat(Metrics.sum(client, "parley_database_pool_total", node)).isPositive();
        assertThat(Metrics.series(client, "parley_database_pool_idle", node)).isPresent();
        assertThat(Metrics.series(client, "parley_database_pool_waiting", node)).isPresent();
        assertThat(Metrics.awaitSum(client, v -> v == 0, "parley_database_pool_active", node)).isZero();

        // The test locks the conversation's row; a send then holds a pooled connection while it waits for the lock.
        try (Connection lock = server.openJdbc(); DeviceSocketClient sender = client.connect(ann)) {
            lock.setAutoCommit(false);
            try (PreparedStatement select = lock.prepareStatement(
                    "SELECT last_seq FROM conversations WHERE id = ? FOR UPDATE")) {
                select.setObject(1, chat.id().value());
                select.executeQuery().close();
            }
            String requestId = DeviceSocketClient.newRequestId();
            sender.send(new ClientFrame.Send(requestId, chat.id(), UUID.randomUUID(), "waits for the lock"));

            assertThat(Metrics.awaitSum(client, v -> v >= 1, "parley_database_pool_active", node)).isGreaterThanOrEqualTo(1);
            lock.rollback();
            assertThat(sender.answerTo(requestId)).isInstanceOf(ServerFrame.Ack.class);
        }
        assertThat(Metrics.awaitSum(client, v -> v == 0, "parley_database_pool_active", node)).isZero();
    }
}
