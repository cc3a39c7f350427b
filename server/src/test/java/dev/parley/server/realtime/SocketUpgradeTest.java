package dev.parley.server.realtime;

import dev.parley.protocol.model.PresenceView;
import dev.parley.protocol.rest.ConversationList;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.support.Backend;
import dev.parley.server.support.DeviceSocketClient;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.ParleyClient.Account;
import dev.parley.server.support.ParleyClient.Response;
import dev.parley.server.support.ParleyClient.Session;
import dev.parley.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who may open /ws, what a refused client is told, and what happens when a device reconnects. */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class SocketUpgradeTest {
    @Parameter
    Backend backend;

    private TestServer server;
    private ParleyClient client;
    private Session session;

    @BeforeEach
    void user() {
        server = TestServer.shared(backend);
        client = server.client();
        session = client.login(client.register("sock"), "Laptop");
    }

    @Test
    void anUpgradeWithoutAValidTokenIsRefusedWith401AndTheReason() {
        assertThatThrownBy(() -> DeviceSocketClient.connect(server.ws(), "not-a-token", Map.of()))
                .isInstanceOf(DeviceSocketClient.UpgradeRefused.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
        Response noToken = client.get("/ws", null);
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.errorCode()).isEqualTo("unauthenticated");
    }

    @Test
    void aBrowserOriginOffTheAllowListIsRefusedWith403AndAnAllowedOneConnects() {
        assertThatThrownBy(() -> DeviceSocketClient.connect(server.ws(), session.token(),
                Map.of("Origin", "https://evil.example")))
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(403));
        assertThat(client.request("GET", "/ws", session.token(), null, Map.of("Origin", "https://evil.example"))
                .errorCode()).isEqualTo("origin_not_allowed");
        try (DeviceSocketClient allowed = DeviceSocketClient.connect(server.ws(), session.token(),
                Map.of("Origin", "https://app.parley.example"))) {
            assertThat(allowed.hello().deviceId()).isEqualTo(session.deviceId());
        }
    }

    @Test
    void aPlainGetWithAValidTokenIsToldToUpgrade() {
        Response plain = client.get("/ws", session.token());

        assertThat(plain.status()).isEqualTo(426);
        assertThat(plain.errorCode()).isEqualTo("upgrade_required");
    }

    @Test
    void aDeviceThatReconnectsReplacesItsOldSocketAndStaysOnline() {
        Account friend = client.register("friend");
        Session friendLaptop = client.login(friend, "Laptop");
        client.startDirect(session, friend.username());
        try (DeviceSocketClient watcher = client.connect(friendLaptop)) {
            DeviceSocketClient first = client.connect(session);
            watcher.await(ServerFrame.Presence.class, p -> p.userId().equals(session.userId()) && p.online());
            try (DeviceSocketClient second = client.connect(session)) {
                assertThat(first.awaitClose()).isEqualTo(1000);
                assertThat(watcher.awaitWithin(ServerFrame.Presence.class,
                        p -> p.userId().equals(session.userId()) && !p.online(), Duration.ofMillis(500))).isEmpty();
                PresenceView presence = client.get("/api/v1/conversations", friendLaptop.token())
                        .as(ConversationList.class).presence().getFirst();
                assertThat(presence.online()).isTrue();
                assertThat(second.sendText(client.get("/api/v1/conversations", session.token())
                        .as(ConversationList.class).conversations().getFirst().id(), "still here").seq()).isEqualTo(3);
            }
            first.close();
        }
    }
}
