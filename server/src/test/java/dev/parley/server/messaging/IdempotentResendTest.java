package dev.parley.server.messaging;

import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MessageKind;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.rest.HistoryPage;
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

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Resending a clientMessageId (after a reconnect, a crash, a retry) never makes a second message. */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class IdempotentResendTest {
    @Parameter
    Backend backend;

    private ParleyClient client;
    private Session sam;
    private Session tina;
    private ConversationView chat;

    @BeforeEach
    void chat() {
        client = TestServer.shared(backend).client();
        sam = client.login(client.register("sam"), "Laptop");
        Account tinaAccount = client.register("tina");
        tina = client.login(tinaAccount, "Laptop");
        chat = client.startDirect(sam, tinaAccount.username());
    }

    @Test
    void resendWithSameClientIdReturnsOriginalMessageAndStoresNothingNew() {
        UUID clientId = UUID.randomUUID();
        ServerFrame.Ack original;
        try (DeviceSocketClient first = client.connect(sam)) {
            original = (ServerFrame.Ack) first.sendMessage(chat.id(), clientId, "only once");
        }
        try (DeviceSocketClient recipient = client.connect(tina);
             DeviceSocketClient reconnected = client.connect(sam)) {
            ServerFrame answer = reconnected.sendMessage(chat.id(), clientId, "only once");

            assertThat(answer).isInstanceOf(ServerFrame.Ack.class);
            ServerFrame.Ack again = (ServerFrame.Ack) answer;
            assertThat(again.duplicate()).isTrue();
            assertThat(again.messageId()).isEqualTo(original.messageId());
            assertThat(again.seq()).isEqualTo(original.seq());
            assertThat(again.sentAt()).isEqualTo(original.sentAt());
            // Pushed again (the node that stored it may have died before pushing it), as the same entry.
            MessageView repushed = recipient.await(ServerFrame.Message.class,
                    m -> m.message().id().equals(original.messageId())).message();
            assertThat(repushed.seq()).isEqualTo(original.seq());
        }
        HistoryPage history = client.get("/api/v1/conversations/" + chat.id() + "/messages", tina.token()).as(HistoryPage.class);
        assertThat(history.messages()).filteredOn(m -> m.kind() == MessageKind.TEXT).extracting(MessageView::text)
                .containsExactly("only once");
    }

    @Test
    void resendFromAnotherDeviceOfTheSameUserIsAlsoADuplicate() {
        UUID clientId = UUID.randomUUID();
        Session samPhone = client.login(sam.account(), "Phone");
        try (DeviceSocketClient laptop = client.connect(sam); DeviceSocketClient phone = client.connect(samPhone)) {
            ServerFrame.Ack first = (ServerFrame.Ack) laptop.sendMessage(chat.id(), clientId, "hi");
            ServerFrame.Ack second = (ServerFrame.Ack) phone.sendMessage(chat.id(), clientId, "hi");

            assertThat(second.duplicate()).isTrue();
            assertThat(second.seq()).isEqualTo(first.seq());
        }
    }

    @Test
    void sameClientIdWithDifferentContentIsRefused() {
        UUID clientId = UUID.randomUUID();
        try (DeviceSocketClient socket = client.connect(sam)) {
            ServerFrame.Ack original = (ServerFrame.Ack) socket.sendMessage(chat.id(), clientId, "version one");
            ServerFrame answer = socket.sendMessage(chat.id(), clientId, "version two");

            assertThat(answer).isInstanceOfSatisfying(ServerFrame.Error.class,
                    e -> assertThat(e.code()).isEqualTo("client_message_id_reused"));
            assertThat(client.get("/api/v1/conversations/" + chat.id(), sam.token()).as(ConversationView.class).lastSeq())
                    .isEqualTo(original.seq());
        }
    }

    @Test
    void sameClientIdInAnotherConversationIsRefused() {
        UUID clientId = UUID.randomUUID();
        ConversationView other = client.startDirect(sam, client.register("uma").username());
        try (DeviceSocketClient socket = client.connect(sam)) {
            socket.sendMessage(chat.id(), clientId, "same words");
            ServerFrame answer = socket.sendMessage(other.id(), clientId, "same words");

            assertThat(answer).isInstanceOfSatisfying(ServerFrame.Error.class,
                    e -> assertThat(e.code()).isEqualTo("client_message_id_reused"));
            assertThat(client.get("/api/v1/conversations/" + other.id(), sam.token()).as(ConversationView.class).lastSeq())
                    .isEqualTo(2);
        }
    }

    @Test
    void concurrentResendsOfOneClientIdStoreOneMessage() throws Exception {
        UUID clientId = UUID.randomUUID();
        int devices = 6;
        DeviceSocketClient[] sockets = new DeviceSocketClient[devices];
        for (int i = 0; i < devices; i++) {
            sockets[i] = client.connect(client.login(sam.account(), "Device " + i));
        }
        try {
            String[] requestIds = new String[devices];
            for (int i = 0; i < devices; i++) {
                requestIds[i] = DeviceSocketClient.newRequestId();
                sockets[i].send(new dev.parley.protocol.ws.ClientFrame.Send(requestIds[i], chat.id(), clientId, "race"));
            }
            long created = 0;
            java.util.Set<Long> seqs = new java.util.HashSet<>();
            for (int i = 0; i < devices; i++) {
                ServerFrame.Ack ack = (ServerFrame.Ack) sockets[i].answerTo(requestIds[i]);
                seqs.add(ack.seq());
                created += ack.duplicate() ? 0 : 1;
            }
            assertThat(created).isEqualTo(1);
            assertThat(seqs).containsExactly(3L);
        } finally {
            for (DeviceSocketClient socket : sockets) {
                socket.close();
            }
        }
    }
}
