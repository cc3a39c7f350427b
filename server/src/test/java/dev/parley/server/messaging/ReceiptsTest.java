package dev.parley.server.messaging;

import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MemberView;
import dev.parley.protocol.ws.ClientFrame;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.support.Backend;
import dev.parley.server.support.DeviceSocketClient;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.ParleyClient.Account;
import dev.parley.server.support.ParleyClient.Session;
import dev.parley.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Sent is the ack; delivered and read are per-member watermarks that reach the sender's devices. */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class ReceiptsTest {
    @Parameter
    Backend backend;

    private ParleyClient client;
    private Session vera;
    private Session veraPhone;
    private Session walt;
    private ConversationView chat;

    @BeforeEach
    void chat() {
        client = TestServer.shared(backend).client();
        Account veraAccount = client.register("vera");
        vera = client.login(veraAccount, "Laptop");
        veraPhone = client.login(veraAccount, "Phone");
        Account waltAccount = client.register("walt");
        walt = client.login(waltAccount, "Laptop");
        chat = client.startDirect(vera, waltAccount.username());
    }

    @Test
    void deliveredThenReadReachEverySenderDeviceInRealTime() {
        try (DeviceSocketClient laptop = client.connect(vera); DeviceSocketClient phone = client.connect(veraPhone);
             DeviceSocketClient recipient = client.connect(walt)) {
            ServerFrame.Ack ack = laptop.sendText(chat.id(), "did you get this?");
            recipient.await(ServerFrame.Message.class, m -> m.message().id().equals(ack.messageId()));

            mark(recipient, new ClientFrame.MarkDelivered(DeviceSocketClient.newRequestId(), chat.id(), ack.seq()));
            for (DeviceSocketClient sender : List.of(laptop, phone)) {
                ServerFrame.Receipt delivered = sender.await(ServerFrame.Receipt.class,
                        r -> r.userId().equals(walt.userId()) && r.deliveredUpToSeq() == ack.seq());
                assertThat(delivered.readUpToSeq()).isZero();
            }

            mark(recipient, new ClientFrame.MarkRead(DeviceSocketClient.newRequestId(), chat.id(), ack.seq()));
            for (DeviceSocketClient sender : List.of(laptop, phone)) {
                sender.await(ServerFrame.Receipt.class,
                        r -> r.userId().equals(walt.userId()) && r.readUpToSeq() == ack.seq() && r.deliveredUpToSeq() == ack.seq());
            }
        }
    }

    @Test
    void readImpliesDeliveredAndWatermarksNeverMoveBack() {
        try (DeviceSocketClient laptop = client.connect(vera); DeviceSocketClient recipient = client.connect(walt)) {
            laptop.sendText(chat.id(), "one");
            ServerFrame.Ack two = laptop.sendText(chat.id(), "two");

            mark(recipient, new ClientFrame.MarkRead(DeviceSocketClient.newRequestId(), chat.id(), two.seq()));
            laptop.await(ServerFrame.Receipt.class, r -> r.readUpToSeq() == two.seq());
            laptop.forget();
            mark(recipient, new ClientFrame.MarkDelivered(DeviceSocketClient.newRequestId(), chat.id(), two.seq() - 1));

            assertThat(laptop.awaitWithin(ServerFrame.Receipt.class, r -> true, Duration.ofMillis(300))).isEmpty();
            MemberView waltMember = member(walt);
            assertThat(waltMember.deliveredUpToSeq()).isEqualTo(two.seq());
            assertThat(waltMember.readUpToSeq()).isEqualTo(two.seq());
        }
    }

    @Test
    void aSenderWhoWasOfflineSeesReceiptsInSync() {
        ServerFrame.Ack ack;
        try (DeviceSocketClient laptop = client.connect(vera)) {
            ack = laptop.sendText(chat.id(), "read me later");
        }
        try (DeviceSocketClient recipient = client.connect(walt)) {
            mark(recipient, new ClientFrame.MarkRead(DeviceSocketClient.newRequestId(), chat.id(), ack.seq()));
        }
        try (DeviceSocketClient phone = client.connect(veraPhone)) {
            ConversationView synced = phone.syncAll(List.of(), 100).last().conversations().getFirst();
            assertThat(synced.members()).filteredOn(m -> m.userId().equals(walt.userId())).singleElement()
                    .satisfies(m -> assertThat(m.readUpToSeq()).isEqualTo(ack.seq()));
        }
    }

    private static void mark(DeviceSocketClient socket, ClientFrame frame) {
        socket.send(frame);
        assertThat(socket.answerTo(frame.requestId())).isInstanceOf(ServerFrame.Ok.class);
    }

    private MemberView member(Session session) {
        return client.get("/api/v1/conversations/" + chat.id(), vera.token()).as(ConversationView.class).members().stream()
                .filter(m -> m.userId().equals(session.userId())).findFirst().orElseThrow();
    }
}
