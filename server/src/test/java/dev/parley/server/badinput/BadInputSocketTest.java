package dev.parley.server.badinput;

import dev.parley.protocol.Limits;
import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MemberView;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.rest.HistoryPage;
import dev.parley.protocol.ws.ClientFrame;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.support.Backend;
import dev.parley.server.support.DeviceSocketClient;
import dev.parley.server.support.DeviceSocketClient.UpgradeRefused;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.ParleyClient.Session;
import dev.parley.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import static dev.parley.server.badinput.Refusals.PROMPTLY;
import static dev.parley.server.badinput.Refusals.QUIET;
import static dev.parley.server.badinput.Refusals.assertAnonymousFrameError;
import static dev.parley.server.badinput.Refusals.assertCanStillSend;
import static dev.parley.server.badinput.Refusals.assertFrameError;
import static dev.parley.server.badinput.Refusals.assertStillUsable;
import static dev.parley.server.badinput.Refusals.fields;
import static dev.parley.server.badinput.Refusals.json;
import static dev.parley.server.badinput.Refusals.repeat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad input on the WebSocket: the upgrade is refused without a valid session or from a foreign
 * browser page; a bad frame gets an error frame naming its requestId, changes nothing and leaves the
 * socket usable; only a frame over the size limit closes the socket (1009).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class BadInputSocketTest {
    private static final String ALLOWED_ORIGIN = "https://app.parley.example";
    private static final int GRINNING_FACE = 0x1F600; // 😀, two UTF-16 units, four UTF-8 bytes

    @Parameter
    Backend backend;

    private TestServer server;
    private ParleyClient client;
    private Session alice;
    private Session bob;
    private ConversationView chat;

    @BeforeEach
    void twoUsersInAChat() {
        server = TestServer.shared(backend);
        client = server.client();
        alice = client.login(client.register("alice"), "Laptop");
        bob = client.login(client.register("bob"), "Desktop");
        chat = client.startDirect(alice, bob.account().username());
    }

    // ---- the upgrade ----

    @Test
    void upgradeWithoutTokenIsRefused() {
        assertThatThrownBy(() -> DeviceSocketClient.connect(server.ws(), null, Map.of()))
                .isInstanceOf(UpgradeRefused.class);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"garbage", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "null"})
    void upgradeWithGarbageTokenIsRefused(String token) {
        assertThatThrownBy(() -> DeviceSocketClient.connect(server.ws(), token, Map.of()))
                .isInstanceOf(UpgradeRefused.class);
    }

    @Test
    void upgradeWithTheTokenOfALoggedOutSessionIsRefused() {
        Session session = client.login(alice.account(), "Phone");
        assertThat(client.request("DELETE", "/api/v1/sessions/current", session.token(), null).status())
                .isEqualTo(204);

        assertThatThrownBy(() -> client.connect(session)).isInstanceOf(UpgradeRefused.class);
    }

    @Test
    void upgradeWithAnExpiredTokenIsRefused() {
        try (TestServer own = TestServer.start(backend, Map.of())) {
            ParleyClient ownClient = own.client();
            Session session = ownClient.login(ownClient.register("sleeper"), "Laptop");
            ownClient.connect(session).close();

            own.clock().advance(Duration.ofDays(31));

            assertThatThrownBy(() -> ownClient.connect(session)).isInstanceOf(UpgradeRefused.class);
        }
    }

    @Test
    void refusedUpgradeWithoutAValidSessionAnswers401() {
        UpgradeRefused missing = refusal(null, Map.of());
        UpgradeRefused garbage = refusal("garbage", Map.of());

        assertThat(missing.status()).as("HTTP status of an upgrade without a token").hasValue(401);
        assertThat(garbage.status()).as("HTTP status of an upgrade with a garbage token").hasValue(401);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"https://evil.example", "null", "http://app.parley.example", "https://app.parley.example:8443",
            "https://app.parley.example.evil.example", "https://evil.example/https://app.parley.example"})
    void upgradeFromABrowserPageNotOnTheAllowListIsRefusedEvenWithAValidToken(String origin) {
        assertThatThrownBy(() -> DeviceSocketClient.connect(server.ws(), alice.token(), Map.of("Origin", origin)))
                .isInstanceOf(UpgradeRefused.class);
    }

    @Test
    void refusedUpgradeFromAForeignOriginAnswers403() {
        UpgradeRefused refused = refusal(alice.token(), Map.of("Origin", "https://evil.example"));

        assertThat(refused.status()).as("HTTP status of an upgrade from a foreign Origin").hasValue(403);
    }

    @Test
    void upgradeFromTheAllowedOriginWorks() {
        try (DeviceSocketClient socket = DeviceSocketClient.connect(server.ws(), alice.token(),
                Map.of("Origin", ALLOWED_ORIGIN))) {
            assertThat(socket.hello().userId()).isEqualTo(alice.userId());
            assertStillUsable(socket);
        }
    }

    // ---- frames that are not protocol JSON ----

    @Test
    void malformedJsonIsBadJsonWithoutRequestId() {
        try (DeviceSocketClient socket = client.connect(alice)) {
            socket.sendRaw("{\"type\":\"ping\",\"requestId\":\"r-malformed\"");

            assertAnonymousFrameError(socket, "bad_json");
            assertStillUsable(socket);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[]", "[{\"type\":\"ping\",\"requestId\":\"r1\"}]", "42", "\"ping\"", "null", "true", "",
            "   ", "{\"type\":\"ping\",\"requestId\":\"r1\"} {}", "{'type':'ping'}"})
    void frameThatIsNotOneJsonObjectIsBadJson(String frame) {
        try (DeviceSocketClient socket = client.connect(alice)) {
            socket.sendRaw(frame);

            assertAnonymousFrameError(socket, "bad_json");
            assertStillUsable(socket);
        }
    }

    @Test
    void duplicateKeysAreBadJson() {
        try (DeviceSocketClient socket = client.connect(alice)) {
            socket.sendRaw(sendFrame("r-dup", chat.id().toString(), UUID.randomUUID().toString(), "\"one\"")
                    .replace("}", ",\"text\":\"two\"}"));

            ServerFrame.Error error = socket.await(ServerFrame.Error.class, e -> true);
            assertThat(error.code()).isEqualTo("bad_json");
            assertStillUsable(socket);
            assertNothingStored();
        }
    }

    @Test
    void binaryFrameIsUnsupportedFrame() {
        try (DeviceSocketClient socket = client.connect(alice)) {
            socket.sendBinary(json(new ClientFrame.Ping("r-binary")).getBytes(StandardCharsets.UTF_8));

            assertAnonymousFrameError(socket, "unsupported_frame");
            assertStillUsable(socket);
        }
    }

    // ---- frame types and fields ----

    @Test
    void unknownFrameTypeIsUnknownTypeNamingTheRequest() {
        try (DeviceSocketClient socket = client.connect(alice)) {
            socket.sendRaw(json(fields("type", "launchMissiles", "requestId", "r-unknown")));

            assertFrameError(socket, "r-unknown", "unknown_type");
            assertStillUsable(socket);
        }
    }

    @Test
    void serverFrameTypeSentByAClientIsUnknownType() {
        try (DeviceSocketClient socket = client.connect(alice)) {
            socket.sendRaw(json(fields("type", "pong", "requestId", "r-pong")));

            assertFrameError(socket, "r-pong", "unknown_type");
            assertStillUsable(socket);
        }
    }

    @Test
    void frameWithoutTypeIsMissingFieldNamingTheRequest() {
        try (DeviceSocketClient socket = client.connect(alice)) {
            socket.sendRaw(json(fields("requestId", "r-typeless")));

            assertFrameError(socket, "r-typeless", "missing_field");
            assertStillUsable(socket);
        }
    }

    @Test
    void typeOfTheWrongJsonTypeIsRefusedNamingTheRequest() {
        try (DeviceSocketClient socket = client.connect(alice)) {
            socket.sendRaw("{\"type\":7,\"requestId\":\"r-numeric-type\"}");

            ServerFrame.Error error = socket.awaitError("r-numeric-type");
            assertThat(error.code()).isEqualTo("unknown_type");
            assertStillUsable(socket);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"type\":\"markRead\",\"requestId\":\"RID\",\"conversationId\":\"CONV\",\"upToSeq\":\"2\"}",
            "{\"type\":\"markRead\",\"requestId\":\"RID\",\"conversationId\":\"CONV\",\"upToSeq\":1.5}",
            "{\"type\":\"markDelivered\",\"requestId\":\"RID\",\"conversationId\":\"CONV\",\"upToSeq\":true}",
            "{\"type\":\"markRead\",\"requestId\":\"RID\",\"conversationId\":\"CONV\",\"upToSeq\":99999999999999999999}",
            "{\"type\":\"send\",\"requestId\":\"RID\",\"conversationId\":\"CONV\",\"clientMessageId\":\"CMID\",\"text\":42}",
            "{\"type\":\"send\",\"requestId\":\"RID\",\"conversationId\":\"CONV\",\"clientMessageId\":\"CMID\",\"text\":[\"hi\"]}",
            "{\"type\":\"send\",\"requestId\":\"RID\",\"conversationId\":42,\"clientMessageId\":\"CMID\",\"text\":\"hi\"}",
            "{\"type\":\"send\",\"requestId\":\"RID\",\"conversationId\":\"not-a-uuid\",\"clientMessageId\":\"CMID\",\"text\":\"hi\"}",
            "{\"type\":\"send\",\"requestId\":\"RID\",\"conversationId\":\"CONV\",\"clientMessageId\":\"nope\",\"text\":\"hi\"}",
            "{\"type\":\"send\",\"requestId\":\"RID\",\"conversationId\":\"CONV\",\"clientMessageId\":7,\"text\":\"hi\"}",
            "{\"type\":\"sync\",\"requestId\":\"RID\",\"limit\":\"10\"}",
            "{\"type\":\"sync\",\"requestId\":\"RID\",\"cursors\":\"all\"}",
            "{\"type\":\"sync\",\"requestId\":\"RID\",\"cursors\":[{\"conversationId\":\"CONV\",\"afterSeq\":\"1\"}]}",
            "{\"type\":\"typing\",\"requestId\":\"RID\",\"conversationId\":{\"id\":\"CONV\"}}"})
    void fieldOfTheWrongJsonTypeIsInvalidFieldNamingTheRequest(String template) {
        try (DeviceSocketClient socket = client.connect(alice)) {
            String requestId = DeviceSocketClient.newRequestId();
            socket.sendRaw(template.replace("RID", requestId).replace("CONV", chat.id().toString())
                    .replace("CMID", UUID.randomUUID().toString()));

            assertFrameError(socket, requestId, "invalid_field");
            assertStillUsable(socket);
            assertNothingStored();
        }
    }

    @Test
    void requestIdOfTheWrongJsonTypeIsInvalidFieldWithoutRequestId() {
        try (DeviceSocketClient socket = client.connect(alice)) {
            socket.sendRaw("{\"type\":\"ping\",\"requestId\":42}");

            assertAnonymousFrameError(socket, "invalid_field");
            assertStillUsable(socket);
        }
    }

    @Test
    void pingWithoutRequestIdIsMissingField() {
        try (DeviceSocketClient socket = client.connect(alice)) {
            socket.sendRaw("{\"type\":\"ping\"}");

            ServerFrame.Error error = assertAnonymousFrameError(socket, "missing_field");
            assertThat(error.message()).contains("requestId");
            assertStillUsable(socket);
        }
    }

    @Test
    void sendWithoutRequestIdIsMissingFieldAndStoresNothing() {
        try (DeviceSocketClient socket = client.connect(alice)) {
            socket.sendRaw(json(fields("type", "send", "conversationId", chat.id(),
                    "clientMessageId", UUID.randomUUID(), "text", "no request id")));

            ServerFrame.Error error = assertAnonymousFrameError(socket, "missing_field");
            assertThat(error.message()).contains("requestId");
            assertStillUsable(socket);
            assertNothingStored();
        }
    }

    @Test
    void sendWithoutConversationIdIsMissingFieldNamingTheRequest() {
        try (DeviceSocketClient socket = client.connect(alice)) {
            socket.sendRaw(json(fields("type", "send", "requestId", "r-noconv",
                    "clientMessageId", UUID.randomUUID(), "text", "where to?")));

            ServerFrame.Error error = assertFrameError(socket, "r-noconv", "missing_field");
            assertThat(error.message()).contains("conversationId");
            assertCanStillSend(socket, chat.id());
        }
    }

    @Test
    void sendWithoutClientMessageIdIsMissingFieldAndStoresNothing() {
        try (DeviceSocketClient socket = client.connect(alice)) {
            socket.sendRaw(json(fields("type", "send", "requestId", "r-nocmid", "conversationId", chat.id(),
                    "text", "no id")));

            ServerFrame.Error error = assertFrameError(socket, "r-nocmid", "missing_field");
            assertThat(error.message()).contains("clientMessageId");
            assertNothingStored();
            assertCanStillSend(socket, chat.id());
        }
    }

    @Test
    void sendWithoutTextIsMissingFieldAndStoresNothing() {
        try (DeviceSocketClient socket = client.connect(alice)) {
            socket.sendRaw("{\"type\":\"send\",\"requestId\":\"r-notext\",\"conversationId\":\"" + chat.id()
                    + "\",\"clientMessageId\":\"" + UUID.randomUUID() + "\",\"text\":null}");

            ServerFrame.Error error = assertFrameError(socket, "r-notext", "missing_field");
            assertThat(error.message()).contains("text");
            assertNothingStored();
            assertCanStillSend(socket, chat.id());
        }
    }

    @Test
    void markReadWithoutConversationIdIsMissingField() {
        try (DeviceSocketClient socket = client.connect(alice)) {
            socket.sendRaw(json(fields("type", "markRead", "requestId", "r-mark", "upToSeq", 1)));

            assertFrameError(socket, "r-mark", "missing_field");
            assertStillUsable(socket);
        }
    }

    @Test
    void markReadWithoutUpToSeqIsMissingField() {
        try (DeviceSocketClient socket = client.connect(alice)) {
            socket.sendRaw(json(fields("type", "markRead", "requestId", "r-mark", "conversationId", chat.id())));

            assertFrameError(socket, "r-mark", "missing_field");
            assertStillUsable(socket);
            assertWatermarksUnchanged();
        }
    }

    @Test
    void typingWithoutConversationIdIsMissingField() {
        try (DeviceSocketClient socket = client.connect(alice)) {
            socket.sendRaw(json(fields("type", "typing", "requestId", "r-typing")));

            assertFrameError(socket, "r-typing", "missing_field");
            assertStillUsable(socket);
        }
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"has space", "", "semi;colon", "slash/ed", "émoji", "x\ty",
            "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void malformedRequestIdIsInvalidRequestId(String requestId) {
        try (DeviceSocketClient socket = client.connect(alice)) {
            socket.sendRaw(json(fields("type", "send", "requestId", requestId, "conversationId", chat.id(),
                    "clientMessageId", UUID.randomUUID(), "text", "bad request id")));

            ServerFrame.Error error = socket.await(ServerFrame.Error.class, e -> true);
            assertThat(error.code()).isEqualTo("invalid_request_id");
            assertThat(error.requestId()).as("the error names the request as sent").isEqualTo(requestId);
            assertStillUsable(socket);
            assertNothingStored();
        }
    }

    @Test
    void requestIdOf64CharactersIsAccepted() {
        try (DeviceSocketClient socket = client.connect(alice)) {
            String requestId = "A-z0.9_:".repeat(8);
            assertThat(requestId).hasSize(Limits.MAX_REQUEST_ID_LENGTH);

            socket.send(new ClientFrame.Ping(requestId));

            assertThat(socket.answerTo(requestId)).isInstanceOf(ServerFrame.Pong.class);
        }
    }

    // ---- message text ----

    @Test
    void textOfExactly100000CodePointsIsAcceptedIntact() {
        String text = "a".repeat(Limits.MAX_TEXT_CODE_POINTS);
        try (DeviceSocketClient socket = client.connect(alice)) {
            ServerFrame.Ack ack = socket.sendText(chat.id(), text);

            assertThat(storedText(ack)).isEqualTo(text);
        }
    }

    @Test
    void textOf100000EmojiIsAcceptedIntactThoughItHas200000Utf16Units() {
        String text = repeat(GRINNING_FACE, Limits.MAX_TEXT_CODE_POINTS);
        assertThat(text).hasSize(200_000);
        try (DeviceSocketClient socket = client.connect(alice)) {
            ServerFrame.Ack ack = socket.sendText(chat.id(), text);

            assertThat(storedText(ack)).isEqualTo(text);
        }
    }

    @Test
    void textOf100000EmojiWrittenAsJsonEscapesFitsInOneFrame() {
        // Every emoji as "\ud83d\ude00": 12 bytes each, 1.2 MB in all: the case the 2 MiB limit is sized for.
        StringBuilder escaped = new StringBuilder();
        for (int i = 0; i < Limits.MAX_TEXT_CODE_POINTS; i++) {
            escaped.append("\\ud83d\\ude00");
        }
        try (DeviceSocketClient socket = client.connect(alice)) {
            socket.sendRaw(sendFrame("r-escaped", chat.id().toString(), UUID.randomUUID().toString(),
                    "\"" + escaped + "\""));

            ServerFrame answer = socket.answerTo("r-escaped");
            assertThat(answer).isInstanceOf(ServerFrame.Ack.class);
            assertThat(storedText((ServerFrame.Ack) answer)).isEqualTo(repeat(GRINNING_FACE, Limits.MAX_TEXT_CODE_POINTS));
        }
    }

    @Test
    void textOf100001CodePointsIsTextTooLongAndStoresNothing() {
        try (DeviceSocketClient socket = client.connect(alice)) {
            String requestId = DeviceSocketClient.newRequestId();
            // Built as raw JSON: the client-side record would refuse the text before it is sent.
            socket.sendRaw(sendFrame(requestId, chat.id().toString(), UUID.randomUUID().toString(),
                    json("a".repeat(Limits.MAX_TEXT_CODE_POINTS + 1))));

            assertFrameError(socket, requestId, "text_too_long");
            assertNothingStored();
            assertCanStillSend(socket, chat.id());
        }
    }

    @Test
    void textOf100001EmojiIsTextTooLongAndStoresNothing() {
        try (DeviceSocketClient socket = client.connect(alice)) {
            String requestId = DeviceSocketClient.newRequestId();
            // Built as raw JSON: the client-side record would refuse the text before it is sent.
            socket.sendRaw(sendFrame(requestId, chat.id().toString(), UUID.randomUUID().toString(),
                    json(repeat(GRINNING_FACE, Limits.MAX_TEXT_CODE_POINTS + 1))));

            assertFrameError(socket, requestId, "text_too_long");
            assertNothingStored();
            assertCanStillSend(socket, chat.id());
        }
    }

    @Test
    void textWithNulAndOtherControlCharactersIsStoredIntact() {
        // Message text is any well-formed Unicode; it is sealed before storage, so no database sees it raw.
        String text = "nul\u0000bell\u0007tab\tdel\u007f\r\n👍🏽";
        try (DeviceSocketClient socket = client.connect(alice)) {
            ServerFrame.Ack ack = socket.sendText(chat.id(), text);

            assertThat(storedText(ack)).isEqualTo(text);
        }
    }

    @Test
    void emptyTextIsInvalidTextAndStoresNothing() {
        try (DeviceSocketClient socket = client.connect(alice)) {
            socket.sendRaw(sendFrame("r-empty", chat.id().toString(), UUID.randomUUID().toString(), "\"\""));

            assertFrameError(socket, "r-empty", "invalid_text");
            assertNothingStored();
            assertCanStillSend(socket, chat.id());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\\ud800", "abc\\ud800def", "a\\udc00b", "\\ude00\\ud83d", "ends with high \\ud83d",
            "\\udbff\\udbff"})
    void textWithAnUnpairedSurrogateIsInvalidTextAndStoresNothing(String escapedText) {
        try (DeviceSocketClient socket = client.connect(alice)) {
            socket.sendRaw(sendFrame("r-surrogate", chat.id().toString(), UUID.randomUUID().toString(),
                    "\"" + escapedText + "\""));

            assertFrameError(socket, "r-surrogate", "invalid_text");
            assertNothingStored();
            assertCanStillSend(socket, chat.id());
        }
    }

    @Test
    void reusingAClientMessageIdForADifferentTextIsRefusedAndKeepsTheOriginal() {
        try (DeviceSocketClient socket = client.connect(alice)) {
            UUID clientMessageId = UUID.randomUUID();
            ServerFrame first = socket.sendMessage(chat.id(), clientMessageId, "original");
            assertThat(first).isInstanceOf(ServerFrame.Ack.class);
            long lastSeq = lastSeq();

            ServerFrame second = socket.sendMessage(chat.id(), clientMessageId, "changed");

            assertThat(second).isInstanceOf(ServerFrame.Error.class);
            assertThat(((ServerFrame.Error) second).code()).isEqualTo("client_message_id_reused");
            assertThat(lastSeq()).isEqualTo(lastSeq);
            assertThat(storedText((ServerFrame.Ack) first)).isEqualTo("original");
            assertCanStillSend(socket, chat.id());
        }
    }

    // ---- frame size ----

    @Test
    void frameOfExactly2MiBIsAccepted() {
        try (DeviceSocketClient socket = client.connect(alice)) {
            socket.sendRaw(paddedPing("r-2mib", Limits.MAX_FRAME_BYTES));

            assertThat(socket.answerTo("r-2mib")).isInstanceOf(ServerFrame.Pong.class);
        }
    }

    @Test
    void frameOver2MiBClosesTheSocketWith1009AndTheDeviceCanReconnect() {
        DeviceSocketClient socket = client.connect(alice);
        try {
            try {
                socket.sendRaw(sendFrame("r-huge", chat.id().toString(), UUID.randomUUID().toString(),
                        json("a".repeat(Limits.MAX_FRAME_BYTES + 1))));
            } catch (CompletionException e) {
                // The server may close before the whole frame is written.
            }

            assertThat(socket.awaitClose()).isEqualTo(1009);
        } finally {
            socket.close();
        }
        assertNothingStored();
        try (DeviceSocketClient again = client.connect(alice)) {
            assertCanStillSend(again, chat.id());
        }
    }

    @Test
    void frameOneByteOver2MiBClosesTheSocketWith1009() {
        DeviceSocketClient socket = client.connect(alice);
        try {
            try {
                socket.sendRaw(paddedPing("r-2mib-plus", Limits.MAX_FRAME_BYTES + 1));
            } catch (CompletionException e) {
                // The server may close before the whole frame is written.
            }

            assertThat(socket.awaitClose()).isEqualTo(1009);
        } finally {
            socket.close();
        }
    }

    @Test
    void fragmentedMessageOver2MiBClosesTheSocketWith1009() {
        DeviceSocketClient socket = client.connect(alice);
        try {
            String frame = paddedPing("r-fragments", Limits.MAX_FRAME_BYTES + 1024);
            try {
                socket.sendFragments(split(frame, 64 * 1024));
            } catch (CompletionException e) {
                // The server may close before the last fragment is written.
            }

            assertThat(socket.awaitClose()).isEqualTo(1009);
        } finally {
            socket.close();
        }
        try (DeviceSocketClient again = client.connect(alice)) {
            assertStillUsable(again);
        }
    }

    @Test
    void fragmentedMessageOver2MiBOfUtf8ClosesTheSocketWith1009ThoughItHasFewerUtf16Units() {
        DeviceSocketClient socket = client.connect(alice);
        try {
            // 600,000 emoji: 1.2 million UTF-16 units but 2.4 MB of UTF-8 on the wire.
            String prefix = "{\"type\":\"ping\",\"requestId\":\"r-utf8-fragments\",\"pad\":\"";
            List<String> parts = new ArrayList<>();
            parts.add(prefix);
            for (int i = 0; i < 20; i++) {
                parts.add(repeat(GRINNING_FACE, 30_000));
            }
            parts.add("\"}");
            try {
                socket.sendFragments(parts);
            } catch (CompletionException e) {
                // The server may close before the last fragment is written.
            }

            assertThat(socket.awaitWithin(ServerFrame.Pong.class, p -> p.requestId().equals("r-utf8-fragments"),
                    Duration.ofSeconds(3))).as("answer to a 2.4 MB message").isEmpty();
            assertThat(socket.awaitClose()).isEqualTo(1009);
        } finally {
            socket.close();
        }
    }

    @Test
    void fragmentedMessageUnder2MiBIsAccepted() {
        try (DeviceSocketClient socket = client.connect(alice)) {
            String frame = sendFrame("r-small-fragments", chat.id().toString(), UUID.randomUUID().toString(),
                    json("fragmented " + "b".repeat(50_000)));

            socket.sendFragments(split(frame, 4096));

            assertThat(socket.answerTo("r-small-fragments")).isInstanceOf(ServerFrame.Ack.class);
        }
    }

    // ---- receipts and sync ----

    @Test
    void markReadPastTheLastSeqIsInvalidSeqAndChangesNothing() {
        try (DeviceSocketClient socket = client.connect(alice);
             DeviceSocketClient bobSocket = client.connect(bob)) {
            long lastSeq = lastSeq();
            String requestId = DeviceSocketClient.newRequestId();

            socket.send(new ClientFrame.MarkRead(requestId, chat.id(), lastSeq + 1));

            assertFrameError(socket, requestId, "invalid_seq");
            assertWatermarksUnchanged();
            assertThat(bobSocket.awaitWithin(ServerFrame.Receipt.class, r -> true, QUIET)).isEmpty();
            assertStillUsable(socket);
        }
    }

    @Test
    void markDeliveredPastTheLastSeqIsInvalidSeqAndChangesNothing() {
        try (DeviceSocketClient socket = client.connect(alice)) {
            String requestId = DeviceSocketClient.newRequestId();

            socket.send(new ClientFrame.MarkDelivered(requestId, chat.id(), Long.MAX_VALUE));

            assertFrameError(socket, requestId, "invalid_seq");
            assertWatermarksUnchanged();
            assertStillUsable(socket);
        }
    }

    @Test
    void markReadUpToExactlyTheLastSeqIsAccepted() {
        try (DeviceSocketClient socket = client.connect(alice)) {
            long lastSeq = lastSeq();
            String requestId = DeviceSocketClient.newRequestId();

            socket.send(new ClientFrame.MarkRead(requestId, chat.id(), lastSeq));

            assertThat(socket.answerTo(requestId)).isInstanceOf(ServerFrame.Ok.class);
            assertThat(member(alice).readUpToSeq()).isEqualTo(lastSeq);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"markRead", "markDelivered"})
    void negativeUpToSeqIsInvalidFieldAndChangesNothing(String type) {
        try (DeviceSocketClient socket = client.connect(alice)) {
            socket.sendRaw(json(fields("type", type, "requestId", "r-negative", "conversationId", chat.id(),
                    "upToSeq", -1)));

            assertFrameError(socket, "r-negative", "invalid_field");
            assertWatermarksUnchanged();
            assertStillUsable(socket);
        }
    }

    @ParameterizedTest(name = "limit {0}")
    @ValueSource(ints = {0, -1, Limits.MAX_SYNC_PAGE + 1})
    void syncWithALimitOutOfRangeIsInvalidField(int limit) {
        try (DeviceSocketClient socket = client.connect(alice)) {
            socket.sendRaw(json(fields("type", "sync", "requestId", "r-sync", "limit", limit)));

            assertFrameError(socket, "r-sync", "invalid_field");
            assertStillUsable(socket);
        }
    }

    @Test
    void syncWithANegativeCursorIsInvalidField() {
        try (DeviceSocketClient socket = client.connect(alice)) {
            socket.sendRaw(json(fields("type", "sync", "requestId", "r-cursor",
                    "cursors", List.of(fields("conversationId", chat.id(), "afterSeq", -1)))));

            assertFrameError(socket, "r-cursor", "invalid_field");
            assertStillUsable(socket);
        }
    }

    @Test
    void syncWithACursorWithoutConversationIdIsMissingField() {
        try (DeviceSocketClient socket = client.connect(alice)) {
            socket.sendRaw(json(fields("type", "sync", "requestId", "r-cursor",
                    "cursors", List.of(fields("afterSeq", 0)))));

            assertFrameError(socket, "r-cursor", "missing_field");
            assertStillUsable(socket);
        }
    }

    // ---- many errors, and too many frames ----

    @Test
    void aSeriesOfBadFramesLeavesTheSocketAbleToSend() {
        try (DeviceSocketClient socket = client.connect(alice)) {
            socket.sendRaw("{");
            socket.sendRaw("[]");
            socket.sendBinary(new byte[]{1, 2, 3});
            socket.sendRaw(json(fields("type", "nope", "requestId", "r-a")));
            socket.sendRaw(sendFrame("r-b", chat.id().toString(), UUID.randomUUID().toString(), "\"\""));
            socket.sendRaw(sendFrame("r-c", chat.id().toString(), UUID.randomUUID().toString(), "\"\\ud800\""));
            socket.send(new ClientFrame.MarkRead("r-d", chat.id(), 1_000L));
            socket.sendRaw(sendFrame("r-e", UUID.randomUUID().toString(), UUID.randomUUID().toString(), "\"lost\""));

            assertFrameError(socket, "r-a", "unknown_type");
            assertFrameError(socket, "r-b", "invalid_text");
            assertFrameError(socket, "r-c", "invalid_text");
            assertFrameError(socket, "r-d", "invalid_seq");
            assertFrameError(socket, "r-e", "conversation_not_found");
            assertThat(socket.received(ServerFrame.Error.class)).hasSize(8);
            assertNothingStored();
            ServerFrame.Ack ack = assertCanStillSend(socket, chat.id());
            assertThat(ack.seq()).isEqualTo(3);
        }
    }

    @Test
    void floodOfFramesIsRateLimitedPerSocketWithoutSlowingOtherUsers() throws Exception {
        try (TestServer own = TestServer.start(backend, Map.of("PARLEY_FRAMES_PER_SECOND", "5",
                "PARLEY_FRAME_BURST", "10"))) {
            ParleyClient ownClient = own.client();
            Session flooder = ownClient.login(ownClient.register("flooder"), "Laptop");
            Session bystander = ownClient.login(ownClient.register("bystander"), "Laptop");
            try (DeviceSocketClient flood = ownClient.connect(flooder);
                 DeviceSocketClient calm = ownClient.connect(bystander)) {
                List<String> sent = Collections.synchronizedList(new ArrayList<>());
                long started = System.nanoTime();
                Thread flooding = Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 400; i++) {
                        String requestId = "flood-" + i;
                        sent.add(requestId);
                        flood.send(new ClientFrame.Ping(requestId));
                    }
                });

                String calmPing = DeviceSocketClient.newRequestId();
                calm.send(new ClientFrame.Ping(calmPing));
                assertThat(calm.awaitWithin(ServerFrame.Pong.class, p -> p.requestId().equals(calmPing), PROMPTLY))
                        .as("the other user's ping is answered promptly during the flood").isPresent();
                flooding.join();

                long deadline = System.nanoTime() + DeviceSocketClient.TIMEOUT.toNanos();
                while (answered(flood) < 400 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                List<ServerFrame.Error> limited = flood.received(ServerFrame.Error.class);
                assertThat(answered(flood)).as("every frame of the flood is answered").isEqualTo(400);
                assertThat(limited).allSatisfy(error -> {
                    assertThat(error.code()).isEqualTo("rate_limited");
                    assertThat(error.message()).isNotBlank();
                });
                assertThat(limited).extracting(ServerFrame.Error::requestId)
                        .doesNotHaveDuplicates()
                        .allSatisfy(id -> assertThat(sent).contains(id));
                // 10 at once, then 5 a second: everything beyond that was refused.
                assertThat(limited.size()).isGreaterThanOrEqualTo(400 - 10 - (int) Math.ceil(5 * seconds) - 1);
                assertThat(flood.isClosed()).isFalse();

                Thread.sleep(500); // refills two or more frames
                assertStillUsable(flood);
                assertStillUsable(calm);
            }
        }
    }

    // ---- helpers ----

    private UpgradeRefused refusal(String token, Map<String, String> headers) {
        try {
            DeviceSocketClient.connect(server.ws(), token, headers).close();
        } catch (UpgradeRefused refused) {
            return refused;
        }
        throw new AssertionError("The upgrade was not refused");
    }

    private static int answered(DeviceSocketClient socket) {
        return socket.received(ServerFrame.Pong.class).size() + socket.received(ServerFrame.Error.class).size();
    }

    private static String sendFrame(String requestId, String conversationId, String clientMessageId, String textJson) {
        return "{\"type\":\"send\",\"requestId\":\"" + requestId + "\",\"conversationId\":\"" + conversationId
                + "\",\"clientMessageId\":\"" + clientMessageId + "\",\"text\":" + textJson + "}";
    }

    /** A ping frame padded with an unknown field to exactly {@code bytes} bytes of UTF-8. */
    private static String paddedPing(String requestId, int bytes) {
        String prefix = "{\"type\":\"ping\",\"requestId\":\"" + requestId + "\",\"pad\":\"";
        String suffix = "\"}";
        String frame = prefix + "x".repeat(bytes - prefix.length() - suffix.length()) + suffix;
        assertThat(frame.getBytes(StandardCharsets.UTF_8)).hasSize(bytes);
        return frame;
    }

    private static List<String> split(String text, int size) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < text.length(); i += size) {
            parts.add(text.substring(i, Math.min(text.length(), i + size)));
        }
        return parts;
    }

    private long lastSeq() {
        return Refusals.conversation(client, alice, chat.id()).lastSeq();
    }

    /** Only the two membership entries the chat started with: no message was stored. */
    private void assertNothingStored() {
        assertThat(lastSeq()).as("lastSeq").isEqualTo(chat.lastSeq());
        HistoryPage history = Refusals.history(client, alice, chat.id());
        assertThat(history.messages()).extracting(MessageView::seq).containsExactly(2L, 1L);
    }

    private void assertWatermarksUnchanged() {
        ConversationView now = Refusals.conversation(client, alice, chat.id());
        assertThat(now.members()).containsExactlyInAnyOrderElementsOf(chat.members());
    }

    private MemberView member(Session session) {
        return Refusals.conversation(client, alice, chat.id()).members().stream()
                .filter(m -> m.userId().equals(session.userId())).findFirst().orElseThrow();
    }

    private String storedText(ServerFrame.Ack ack) {
        HistoryPage page = client.get("/api/v1/conversations/" + chat.id() + "/messages?limit=1&before="
                + (ack.seq() + 1), alice.token()).as(HistoryPage.class);
        assertThat(page.messages()).hasSize(1);
        assertThat(page.messages().getFirst().id()).isEqualTo(ack.messageId());
        return page.messages().getFirst().text();
    }
}
