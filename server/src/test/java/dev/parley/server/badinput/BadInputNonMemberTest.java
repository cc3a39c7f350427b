package dev.parley.server.badinput;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.model.SyncCursor;
import dev.parley.protocol.rest.ConversationList;
import dev.parley.protocol.rest.HistoryPage;
import dev.parley.protocol.ws.ClientFrame;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.support.Backend;
import dev.parley.server.support.DeviceSocketClient;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.ParleyClient.Response;
import dev.parley.server.support.ParleyClient.Session;
import dev.parley.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import static dev.parley.server.badinput.Refusals.QUIET;
import static dev.parley.server.badinput.Refusals.assertRestError;
import static dev.parley.server.badinput.Refusals.assertStillUsable;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A conversation you are not in looks exactly like one that does not exist: every request about it
 * gets the same answer as for a random id, and nothing about it changes or leaks.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class BadInputNonMemberTest {
    @Parameter
    Backend backend;

    private ParleyClient client;
    private Session alice;
    private Session bob;
    private Session carol;
    private ConversationView chat;
    private ConversationId nowhere;
    private long lastSeq;

    @BeforeEach
    void aliceAndBobChatWhileCarolIsOutside() {
        client = TestServer.shared(backend).client();
        alice = client.login(client.register("alice"), "Laptop");
        bob = client.login(client.register("bob"), "Desktop");
        carol = client.login(client.register("carol"), "Phone");
        chat = client.startDirect(alice, bob.account().username());
        try (DeviceSocketClient socket = client.connect(alice)) {
            lastSeq = socket.sendText(chat.id(), "just between us").seq();
        }
        nowhere = new ConversationId(UUID.randomUUID());
    }

    // ---- WebSocket ----

    @Test
    void sendToAnotherPairsConversationIsRefusedLikeANonexistentOneAndStoresNothing() {
        try (DeviceSocketClient carolSocket = client.connect(carol);
             DeviceSocketClient aliceSocket = client.connect(alice)) {
            ServerFrame.Error intruding = error(carolSocket.sendMessage(chat.id(), UUID.randomUUID(), "let me in"));
            ServerFrame.Error missing = error(carolSocket.sendMessage(nowhere, UUID.randomUUID(), "anyone?"));

            assertSameRefusal(intruding, missing);
            assertThat(intruding.code()).isEqualTo("conversation_not_found");
            assertThat(aliceSocket.awaitWithin(ServerFrame.Message.class, m -> true, QUIET)).isEmpty();
            assertMembersSeeNoChange();
            assertStillUsable(carolSocket);
        }
    }

    @Test
    void sendByANonMemberWithAMembersClientMessageIdIsRefusedLikeANonexistentConversation() {
        try (DeviceSocketClient carolSocket = client.connect(carol)) {
            MessageView aliceMessage = Refusals.history(client, alice, chat.id()).messages().getFirst();
            ServerFrame.Error intruding = error(carolSocket.sendMessage(chat.id(), aliceMessage.clientMessageId(),
                    "just between us"));
            ServerFrame.Error missing = error(carolSocket.sendMessage(nowhere, UUID.randomUUID(), "just between us"));

            assertSameRefusal(intruding, missing);
            assertMembersSeeNoChange();
        }
    }

    @Test
    void syncOfANonMemberNeverIncludesTheConversation() {
        try (DeviceSocketClient carolSocket = client.connect(carol)) {
            DeviceSocketClient.SyncResult fromStart = carolSocket.syncAll(List.of(), 500);
            DeviceSocketClient.SyncResult namingIt = carolSocket.syncAll(List.of(SyncCursor.of(chat.id(), 0)), 500);
            DeviceSocketClient.SyncResult namingNowhere = carolSocket.syncAll(List.of(SyncCursor.of(nowhere, 0)), 500);

            for (DeviceSocketClient.SyncResult result : List.of(fromStart, namingIt, namingNowhere)) {
                assertThat(result.last().conversations()).isEmpty();
                assertThat(result.messages()).isEmpty();
                assertThat(result.cursors()).isEmpty();
                assertThat(result.last().presence()).isEmpty();
                assertThat(result.last().hasMore()).isFalse();
            }
        }
    }

    @Test
    void markReadByANonMemberIsRefusedLikeANonexistentConversation() {
        try (DeviceSocketClient carolSocket = client.connect(carol);
             DeviceSocketClient aliceSocket = client.connect(alice)) {
            ServerFrame.Error intruding = answerError(carolSocket, id -> new ClientFrame.MarkRead(id, chat.id(), 1L));
            ServerFrame.Error missing = answerError(carolSocket, id -> new ClientFrame.MarkRead(id, nowhere, 1L));

            assertSameRefusal(intruding, missing);
            assertThat(intruding.code()).isEqualTo("conversation_not_found");
            assertThat(aliceSocket.awaitWithin(ServerFrame.Receipt.class, r -> true, QUIET)).isEmpty();
            assertMembersSeeNoChange();
        }
    }

    @Test
    void markReadPastTheLastSeqByANonMemberDoesNotRevealTheLastSeq() {
        try (DeviceSocketClient carolSocket = client.connect(carol)) {
            ServerFrame.Error intruding = answerError(carolSocket,
                    id -> new ClientFrame.MarkRead(id, chat.id(), lastSeq + 1_000));
            ServerFrame.Error missing = answerError(carolSocket,
                    id -> new ClientFrame.MarkRead(id, nowhere, lastSeq + 1_000));

            assertSameRefusal(intruding, missing);
            assertThat(intruding.code()).isEqualTo("conversation_not_found");
        }
    }

    @Test
    void markDeliveredByANonMemberIsRefusedLikeANonexistentConversation() {
        try (DeviceSocketClient carolSocket = client.connect(carol)) {
            ServerFrame.Error intruding = answerError(carolSocket,
                    id -> new ClientFrame.MarkDelivered(id, chat.id(), 1L));
            ServerFrame.Error missing = answerError(carolSocket,
                    id -> new ClientFrame.MarkDelivered(id, nowhere, 1L));

            assertSameRefusal(intruding, missing);
            assertThat(intruding.code()).isEqualTo("conversation_not_found");
            assertMembersSeeNoChange();
        }
    }

    @Test
    void typingByANonMemberIsRefusedLikeANonexistentConversationAndReachesNoMember() {
        try (DeviceSocketClient carolSocket = client.connect(carol);
             DeviceSocketClient aliceSocket = client.connect(alice);
             DeviceSocketClient bobSocket = client.connect(bob)) {
            ServerFrame.Error intruding = answerError(carolSocket, id -> new ClientFrame.Typing(id, chat.id()));
            ServerFrame.Error missing = answerError(carolSocket, id -> new ClientFrame.Typing(id, nowhere));

            assertSameRefusal(intruding, missing);
            assertThat(intruding.code()).isEqualTo("conversation_not_found");
            assertThat(aliceSocket.awaitWithin(ServerFrame.Typing.class, t -> true, QUIET)).isEmpty();
            assertThat(bobSocket.awaitWithin(ServerFrame.Typing.class, t -> true, QUIET)).isEmpty();
            assertStillUsable(carolSocket);
        }
    }

    // ---- REST ----

    @Test
    void getOfAnotherPairsConversationIsRefusedLikeANonexistentOne() {
        Response intruding = client.get("/api/v1/conversations/" + chat.id(), carol.token());
        Response missing = client.get("/api/v1/conversations/" + nowhere, carol.token());

        assertRestError(intruding, 404, "conversation_not_found");
        assertSameRefusal(intruding, missing);
    }

    @Test
    void historyOfAnotherPairsConversationIsRefusedLikeANonexistentOne() {
        for (String query : new String[]{"", "?limit=1", "?before=2&limit=200", "?limit=0", "?before=0"}) {
            Response intruding = client.get("/api/v1/conversations/" + chat.id() + "/messages" + query, carol.token());
            Response missing = client.get("/api/v1/conversations/" + nowhere + "/messages" + query, carol.token());

            assertSameRefusal(intruding, missing);
        }
        assertRestError(client.get("/api/v1/conversations/" + chat.id() + "/messages", carol.token()), 404,
                "conversation_not_found");
    }

    @Test
    void conversationListOfANonMemberDoesNotIncludeTheConversation() {
        Response response = client.get("/api/v1/conversations", carol.token());

        assertThat(response.status()).isEqualTo(200);
        ConversationList list = response.as(ConversationList.class);
        assertThat(list.conversations()).isEmpty();
        assertThat(list.presence()).isEmpty();
    }

    // ---- helpers ----

    private static ServerFrame.Error error(ServerFrame answer) {
        assertThat(answer).isInstanceOf(ServerFrame.Error.class);
        return (ServerFrame.Error) answer;
    }

    private static ServerFrame.Error answerError(DeviceSocketClient socket, Function<String, ClientFrame> frame) {
        String requestId = DeviceSocketClient.newRequestId();
        socket.send(frame.apply(requestId));
        ServerFrame.Error error = socket.awaitError(requestId);
        assertThat(error.requestId()).isEqualTo(requestId);
        return error;
    }

    private static void assertSameRefusal(ServerFrame.Error intruding, ServerFrame.Error missing) {
        assertThat(intruding.code()).isEqualTo(missing.code());
        assertThat(intruding.message()).isEqualTo(missing.message());
    }

    private static void assertSameRefusal(Response intruding, Response missing) {
        assertThat(intruding.status()).as(intruding.body()).isEqualTo(missing.status());
        assertThat(intruding.body()).isEqualTo(missing.body());
        assertThat(intruding.headers().firstValue("Content-Type")).isEqualTo(missing.headers().firstValue("Content-Type"));
    }

    /** The members' log still ends at the same seq with the same entries, and no watermark moved. */
    private void assertMembersSeeNoChange() {
        for (Session member : List.of(alice, bob)) {
            ConversationView view = Refusals.conversation(client, member, chat.id());
            assertThat(view.lastSeq()).isEqualTo(lastSeq);
            assertThat(view.members()).containsExactlyInAnyOrderElementsOf(chat.members());
            HistoryPage history = Refusals.history(client, member, chat.id());
            assertThat(history.messages()).extracting(MessageView::seq).containsExactly(3L, 2L, 1L);
            assertThat(history.messages()).extracting(MessageView::senderId).doesNotContain(carol.userId());
        }
    }
}
