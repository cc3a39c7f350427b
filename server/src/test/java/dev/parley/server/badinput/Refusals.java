package dev.parley.server.badinput;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.rest.HistoryPage;
import dev.parley.protocol.ws.ClientFrame;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.support.DeviceSocketClient;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.ParleyClient.Response;
import dev.parley.server.support.ParleyClient.Session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared checks of the bad-input suite: what a refusal looks like, and that a socket still works after one. */
final class Refusals {
    /** How long "promptly" is, and how long to wait before concluding that something did not arrive. */
    static final Duration PROMPTLY = Duration.ofSeconds(2);
    static final Duration QUIET = Duration.ofMillis(400);

    private Refusals() {
    }

    /** An HTTP refusal: the status, a JSON body of exactly {"error":{"code","message"}}, the code. */
    static void assertRestError(Response response, int status, String code) {
        assertThat(response.status()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as("Content-Type of %s", response.body())
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode body = ParleyClient.codec().tree(response.body());
        assertThat(fieldNames(body)).as(response.body()).containsExactly("error");
        assertThat(fieldNames(body.get("error"))).as(response.body()).containsExactlyInAnyOrder("code", "message");
        assertThat(response.errorCode()).as(response.body()).isEqualTo(code);
        assertThat(response.errorMessage()).as(response.body()).isNotBlank();
    }

    /** A 401 also tells the client how to authenticate. */
    static void assertUnauthorized(Response response, String code) {
        assertRestError(response, 401, code);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
    }

    /** An error frame answering {@code requestId}, with the code and a message for people. */
    static ServerFrame.Error assertFrameError(DeviceSocketClient socket, String requestId, String code) {
        ServerFrame.Error error = socket.awaitError(requestId);
        assertThat(error.code()).as("error for %s: %s", requestId, error.message()).isEqualTo(code);
        assertThat(error.message()).isNotBlank();
        return error;
    }

    /** An error frame without a requestId (the request could not be read), with the code. */
    static ServerFrame.Error assertAnonymousFrameError(DeviceSocketClient socket, String code) {
        ServerFrame.Error error = socket.await(ServerFrame.Error.class, e -> e.requestId() == null);
        assertThat(error.code()).as(error.message()).isEqualTo(code);
        assertThat(error.message()).isNotBlank();
        return error;
    }

    /** The socket is open and answers a ping. */
    static void assertStillUsable(DeviceSocketClient socket) {
        assertThat(socket.isClosed()).as("socket closed").isFalse();
        String requestId = DeviceSocketClient.newRequestId();
        socket.send(new ClientFrame.Ping(requestId));
        assertThat(socket.answerTo(requestId)).isInstanceOf(ServerFrame.Pong.class);
    }

    /** The socket is open and can still send a message that gets stored. */
    static ServerFrame.Ack assertCanStillSend(DeviceSocketClient socket, ConversationId conversation) {
        assertThat(socket.isClosed()).as("socket closed").isFalse();
        return socket.sendText(conversation, "still here");
    }

    static ConversationView conversation(ParleyClient client, Session session, ConversationId id) {
        Response response = client.get("/api/v1/conversations/" + id, session.token());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.as(ConversationView.class);
    }

    static HistoryPage history(ParleyClient client, Session session, ConversationId id) {
        Response response = client.get("/api/v1/conversations/" + id + "/messages?limit=200", session.token());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.as(HistoryPage.class);
    }

    /** A JSON object body with the given fields, nulls left out (Map.of takes no nulls). */
    static Map<String, Object> fields(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                map.put((String) keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return map;
    }

    static String json(Object value) {
        return ParleyClient.codec().encode(value);
    }

    /** {@code count} copies of the code point. */
    static String repeat(int codePoint, int count) {
        return Character.toString(codePoint).repeat(count);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node != null) {
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
        }
        return names;
    }
}
