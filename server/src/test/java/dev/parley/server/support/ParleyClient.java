package dev.parley.server.support;

import dev.parley.protocol.codec.JsonCodec;
import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.rest.LoginResponse;
import dev.parley.protocol.rest.ProfileView;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Drives the REST API as a client would, over real HTTP. */
public final class ParleyClient {
    public static final String PASSWORD = "correct horse battery";

    private static final JsonCodec CODEC = new JsonCodec();
    private final URI base;
    private final URI ws;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ParleyClient(TestServer server) {
        this(server.http(), server.ws());
    }

    private ParleyClient(URI base, URI ws) {
        this.base = base;
        this.ws = ws;
    }

    /** A client for a server this JVM did not start (a server process run from the jar), at {@code http://host:port}. */
    public static ParleyClient forBaseUri(URI base) {
        return new ParleyClient(base, URI.create(base.toString().replaceFirst("^http", "ws") + "/ws"));
    }

    public record Response(int status, String body, HttpHeaders headers) {
        public <T> T as(Class<T> type) {
            return CODEC.decode(body, type);
        }

        public String errorCode() {
            return CODEC.tree(body).path("error").path("code").asText(null);
        }

        public String errorMessage() {
            return CODEC.tree(body).path("error").path("message").asText(null);
        }
    }

    public record Account(String username, String password, ProfileView profile) {
    }

    public record Session(Account account, LoginResponse login) {
        public String token() {
            return login.token();
        }

        public dev.parley.protocol.ids.UserId userId() {
            return login.user().id();
        }

        public dev.parley.protocol.ids.DeviceId deviceId() {
            return login.deviceId();
        }
    }

    public static JsonCodec codec() {
        return CODEC;
    }

    /** A username no other test uses. */
    public static String uniqueUsername(String hint) {
        return (hint + "_" + UUID.randomUUID().toString().replace("-", "")).substring(0, Math.min(32, hint.length() + 13));
    }

    public Response request(String method, String path, String token, String body) {
        return request(method, path, token, body, Map.of());
    }

    public Response request(String method, String path, String token, String body, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            builder.header("Content-Type", "application/json");
            // A large upload waits for "100 Continue", as careful clients do: a server that refuses the size
            // answers 413 before the body is sent, instead of closing the socket on a half-sent request.
            builder.expectContinue(body.length() > 512 * 1024);
        }
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        headers.forEach(builder::header);
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response get(String path, String token) {
        return request("GET", path, token, null);
    }

    public Response post(String path, String token, Object body) {
        return request("POST", path, token, body instanceof String s ? s : CODEC.encode(body));
    }

    public Account register(String hint) {
        String username = uniqueUsername(hint);
        Response response = post("/api/v1/accounts", null, Map.of("username", username,
                "displayName", hint.substring(0, 1).toUpperCase() + hint.substring(1), "password", PASSWORD));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return new Account(username, PASSWORD, response.as(ProfileView.class));
    }

    public Session login(Account account, String deviceName) {
        Response response = post("/api/v1/sessions", null, Map.of("username", account.username(),
                "password", account.password(), "deviceName", deviceName));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return new Session(account, response.as(LoginResponse.class));
    }

    public ConversationView startDirect(Session session, String username) {
        Response response = post("/api/v1/conversations/direct", session.token(), Map.of("username", username));
        assertThat(response.status()).as(response.body()).isIn(200, 201);
        return response.as(ConversationView.class);
    }

    /** A group made by {@code owner} with these users as members; fails the test if refused. */
    public ConversationView createGroup(Session owner, String name, String... usernames) {
        Response response = post("/api/v1/conversations/groups", owner.token(),
                Map.of("name", name, "usernames", java.util.List.of(usernames)));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.as(ConversationView.class);
    }

    /** {@code METHOD /api/v1/conversations/{id}<suffix>} with an optional JSON body. */
    public Response onConversation(String method, dev.parley.protocol.ids.ConversationId id, String suffix,
                                   Session session, Object body) {
        return request(method, "/api/v1/conversations/" + id + suffix, session.token(),
                body == null ? null : body instanceof String s ? s : CODEC.encode(body));
    }

    public DeviceSocketClient connect(Session session) {
        return DeviceSocketClient.connect(ws, session.token(), Map.of());
    }
}
