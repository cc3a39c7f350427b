package dev.parley.server.cluster;

import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.ws.ClientFrame;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.support.DeviceSocketClient;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.ParleyClient.Account;
import dev.parley.server.support.ParleyClient.Session;
import dev.parley.server.support.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three nodes sharing PostgreSQL and Redis, devices spread over them: messages, presence, typing,
 * receipts, resends and ended sessions reach every device whichever node it is connected to.
 */
class CrossNodeTest {
    private static final Duration QUIET = Duration.ofMillis(500);
    private static TestCluster cluster;

    private ParleyClient node0;
    private ParleyClient node1;
    private ParleyClient node2;
    private Session aliceLaptop;
    private Session alicePhone;
    private Session bobLaptop;
    private Session bobPhone;
    private ConversationView chat;

    @BeforeAll
    static void threeNodes() {
        cluster = TestCluster.start(3);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void aliceAndBobWithTwoDevicesEach() {
        node0 = cluster.client(0);
        node1 = cluster.client(1);
        node2 = cluster.client(2);
        Account alice = node0.register("alice");
        Account bob = node1.register("bob");
        aliceLaptop = node0.login(alice, "Laptop");
        alicePhone = node1.login(alice, "Phone");
        bobLaptop = node1.login(bob, "Laptop");
        bobPhone = node2.login(bob, "Phone");
        chat = node2.startDirect(aliceLaptop, bob.username());
    }

    @Test
    void aMessageSentOnOneNodeReachesEveryOtherDeviceOnEveryNode() {
        try (DeviceSocketClient laptop = node0.connect(aliceLaptop);
             DeviceSocketClient phone = node1.connect(alicePhone);
             DeviceSocketClient bob1 = node1.connect(bobLaptop);
             DeviceSocketClient bob2 = node2.connect(bobPhone)) {
            ServerFrame.Ack ack = laptop.sendText(chat.id(), "across the cluster");

            for (DeviceSocketClient device : List.of(bob1, bob2, phone)) {
                MessageView got = device.await(ServerFrame.Message.class,
                        m -> m.message().id().equals(ack.messageId())).message();
                assertThat(got.text()).isEqualTo("across the cluster");
                assertThat(got.seq()).isEqualTo(ack.seq());
            }
            assertThat(laptop.awaitWithin(ServerFrame.Message.class, m -> m.message().id().equals(ack.messageId()),
                    QUIET)).as("the sending device gets the ack, not the message").isEmpty();
            assertThat(bob2.received(ServerFrame.Message.class)
                    .stream().filter(m -> m.message().id().equals(ack.messageId()))).hasSize(1);
        }
    }

    @Test
    void presenceTypingAndReceiptsCrossNodes() {
        try (DeviceSocketClient alice = node0.connect(aliceLaptop)) {
            DeviceSocketClient bob = node2.connect(bobPhone);
            alice.await(ServerFrame.Presence.class, p -> p.userId().equals(bobPhone.userId()) && p.online());

            bob.send(new ClientFrame.Typing(DeviceSocketClient.newRequestId(), chat.id()));
            ServerFrame.Typing typing = alice.await(ServerFrame.Typing.class, t -> t.userId().equals(bobPhone.userId()));
            assertThat(typing.conversationId()).isEqualTo(chat.id());

            ServerFrame.Ack ack = alice.sendText(chat.id(), "read me");
            bob.await(ServerFrame.Message.class, m -> m.message().id().equals(ack.messageId()));
            String read = DeviceSocketClient.newRequestId();
            bob.send(new ClientFrame.MarkRead(read, chat.id(), ack.seq()));
            assertThat(bob.answerTo(read)).isInstanceOf(ServerFrame.Ok.class);
            ServerFrame.Receipt receipt = alice.await(ServerFrame.Receipt.class,
                    r -> r.userId().equals(bobPhone.userId()) && r.readUpToSeq() >= ack.seq());
            assertThat(receipt.conversationId()).isEqualTo(chat.id());

            Instant beforeLeaving = Instant.now().minusSeconds(1);
            bob.close();
            ServerFrame.Presence offline = alice.await(ServerFrame.Presence.class,
                    p -> p.userId().equals(bobPhone.userId()) && !p.online());
            assertThat(offline.lastSeenAt()).isAfter(beforeLeaving);
        }
    }

    @Test
    void aResendOnAnotherNodeIsAnsweredWithTheStoredMessageAndPushedAgain() {
        UUID clientMessageId = UUID.randomUUID();
        ServerFrame.Ack first;
        try (DeviceSocketClient bob = node2.connect(bobPhone)) {
            try (DeviceSocketClient onNode0 = node0.connect(aliceLaptop)) {
                first = (ServerFrame.Ack) onNode0.sendMessage(chat.id(), clientMessageId, "sent once");
            }
            bob.await(ServerFrame.Message.class, m -> m.message().id().equals(first.messageId()));
            bob.forget();
            // The same device, reconnected through another node, did not see its ack and sends again.
            try (DeviceSocketClient onNode1 = node1.connect(aliceLaptop)) {
                ServerFrame answer = onNode1.sendMessage(chat.id(), clientMessageId, "sent once");
                assertThat(answer).isInstanceOf(ServerFrame.Ack.class);
                ServerFrame.Ack again = (ServerFrame.Ack) answer;
                assertThat(again.duplicate()).isTrue();
                assertThat(again.messageId()).isEqualTo(first.messageId());
                assertThat(again.seq()).isEqualTo(first.seq());
            }
            // Pushed again: had the first node died before pushing, this is how Bob would get it live.
            MessageView repushed = bob.await(ServerFrame.Message.class,
                    m -> m.message().id().equals(first.messageId())).message();
            assertThat(repushed.seq()).isEqualTo(first.seq());
            List<MessageView> log = bob.syncAll(List.of(), 100).messages().stream()
                    .filter(m -> clientMessageId.equals(m.clientMessageId())).toList();
            assertThat(log).hasSize(1);
        }
    }

    @Test
    void twoDevicesOfOneUserOnTwoNodesSendingAtOnceGetDistinctGaplessSeqs() throws Exception {
        int each = 40;
        try (DeviceSocketClient laptop = node0.connect(aliceLaptop);
             DeviceSocketClient phone = node1.connect(alicePhone);
             DeviceSocketClient bob = node2.connect(bobPhone);
             ExecutorService senders = Executors.newFixedThreadPool(2)) {
            List<Future<List<Long>>> seqs = new ArrayList<>();
            for (DeviceSocketClient device : List.of(laptop, phone)) {
                Callable<List<Long>> sendAll = () -> {
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        mine.add(device.sendText(chat.id(), "m" + i).seq());
                    }
                    return mine;
                };
                seqs.add(senders.submit(sendAll));
            }
            List<Long> all = new ArrayList<>();
            for (Future<List<Long>> future : seqs) {
                List<Long> mine = future.get();
                assertThat(mine).isSorted();
                all.addAll(mine);
            }
            assertThat(all).doesNotHaveDuplicates().hasSize(2 * each);
            long first = all.stream().mapToLong(Long::longValue).min().orElseThrow();
            assertThat(all).containsExactlyInAnyOrderElementsOf(
                    java.util.stream.LongStream.range(first, first + 2L * each).boxed().toList());

            bob.awaitAll(ServerFrame.Message.class, 2 * each, Duration.ofSeconds(20));
            assertThat(laptop.awaitAll(ServerFrame.Message.class, each, Duration.ofSeconds(20)))
                    .as("each of Alice's devices gets the other's messages live").hasSize(each);
            assertThat(phone.awaitAll(ServerFrame.Message.class, each, Duration.ofSeconds(20))).hasSize(each);
        }
    }

    @Test
    void manyChatsAtOnceAcrossNodesArriveCompleteAndInSeqOrder() throws Exception {
        int pairs = 12;
        int each = 30;
        List<DeviceSocketClient> senders = new ArrayList<>();
        List<DeviceSocketClient> receivers = new ArrayList<>();
        List<ConversationView> chats = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(pairs)) {
            for (int i = 0; i < pairs; i++) {
                ParleyClient senderNode = cluster.client(i % 3);
                ParleyClient receiverNode = cluster.client((i + 1) % 3);
                Session sender = senderNode.login(senderNode.register("s" + i), "Laptop");
                Account receiver = receiverNode.register("r" + i);
                chats.add(senderNode.startDirect(sender, receiver.username()));
                senders.add(senderNode.connect(sender));
                receivers.add(receiverNode.connect(receiverNode.login(receiver, "Laptop")));
            }
            List<Future<?>> sending = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                DeviceSocketClient sender = senders.get(i);
                ConversationView chat = chats.get(i);
                sending.add(pool.submit(() -> {
                    for (int m = 0; m < each; m++) {
                        sender.sendText(chat.id(), "m" + m);
                    }
                }));
            }
            for (Future<?> future : sending) {
                future.get();
            }
            for (int i = 0; i < pairs; i++) {
                List<MessageView> got = receivers.get(i).awaitAll(ServerFrame.Message.class, each,
                        Duration.ofSeconds(30)).stream().map(ServerFrame.Message::message).toList();
                assertThat(got).extracting(MessageView::text)
                        .containsExactlyElementsOf(java.util.stream.IntStream.range(0, each).mapToObj(m -> "m" + m)
                                .toList());
                assertThat(got).extracting(MessageView::seq).isSorted().doesNotHaveDuplicates();
            }
        } finally {
            senders.forEach(DeviceSocketClient::close);
            receivers.forEach(DeviceSocketClient::close);
        }
    }

    @Test
    void failedLoginsCountOnEveryNodeSoGuessingCannotGoFasterThroughMoreNodes() {
        Account carol = node0.register("carol");
        for (int i = 0; i < 5; i++) { // the account limit (PARLEY_LOGIN_MAX_PER_ACCOUNT, default 5), spread over nodes
            assertThat(cluster.client(i % 3).post("/api/v1/sessions", null,
                    Map.of("username", carol.username(), "password", "guess-" + i)).status()).isEqualTo(401);
        }
        for (int node = 0; node < 3; node++) {
            ParleyClient.Response refused = cluster.client(node).post("/api/v1/sessions", null,
                    Map.of("username", carol.username(), "password", carol.password()));
            assertThat(refused.status()).as("node %d", node).isEqualTo(429);
        }
    }

    @Test
    void aRevokedDeviceLosesItsSocketOnWhicheverNodeItIsConnectedTo() {
        try (DeviceSocketClient phone = node2.connect(alicePhone)) {
            ParleyClient.Response revoked = node0.request("DELETE", "/api/v1/devices/" + alicePhone.deviceId(),
                    aliceLaptop.token(), null);
            assertThat(revoked.status()).isBetween(200, 204);
            assertThat(phone.awaitClose()).isEqualTo(1008);
        }
    }
}
