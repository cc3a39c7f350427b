package dev.parley.server.presence;

import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.PresenceView;
import dev.parley.protocol.rest.ConversationList;
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
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Online while any device is connected, last seen after the last one leaves, told only to contacts. */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class PresenceAndTypingTest {
    private static final Duration QUIET = Duration.ofMillis(400);

    @Parameter
    Backend backend;

    private ParleyClient client;
    private Session xena;
    private Session yuri;
    private Session yuriPhone;
    private Session stranger;
    private ConversationView chat;

    @BeforeEach
    void contactsAndAStranger() {
        client = TestServer.shared(backend).client();
        xena = client.login(client.register("xena"), "Laptop");
        Account yuriAccount = client.register("yuri");
        yuri = client.login(yuriAccount, "Laptop");
        yuriPhone = client.login(yuriAccount, "Phone");
        stranger = client.login(client.register("zack"), "Laptop");
        chat = client.startDirect(xena, yuriAccount.username());
    }

    @Test
    void contactsSeeOnlineThenLastSeenWhenTheLastDeviceLeaves() {
        try (DeviceSocketClient watcher = client.connect(xena); DeviceSocketClient outsider = client.connect(stranger)) {
            DeviceSocketClient laptop = client.connect(yuri);
            watcher.await(ServerFrame.Presence.class, p -> p.userId().equals(yuri.userId()) && p.online());
            DeviceSocketClient phone = client.connect(yuriPhone);

            Instant beforeLeaving = Instant.now().minusSeconds(1);
            laptop.close();
            assertThat(watcher.awaitWithin(ServerFrame.Presence.class,
                    p -> p.userId().equals(yuri.userId()) && !p.online(), QUIET)).isEmpty();
            phone.close();

            ServerFrame.Presence offline = watcher.await(ServerFrame.Presence.class,
                    p -> p.userId().equals(yuri.userId()) && !p.online());
            assertThat(offline.lastSeenAt()).isAfter(beforeLeaving);
            assertThat(outsider.received(ServerFrame.Presence.class)).noneMatch(p -> p.userId().equals(yuri.userId()));

            PresenceView listed = client.get("/api/v1/conversations", xena.token()).as(ConversationList.class)
                    .presence().getFirst();
            assertThat(listed.online()).isFalse();
            assertThat(listed.lastSeenAt()).isEqualTo(offline.lastSeenAt());
        }
    }

    @Test
    void syncCarriesThePresenceOfContacts() {
        try (DeviceSocketClient ignored = client.connect(yuri); DeviceSocketClient watcher = client.connect(xena)) {
            var batch = watcher.syncAll(java.util.List.of(), 50).last();

            assertThat(batch.presence()).singleElement().satisfies(p -> {
                assertThat(p.userId()).isEqualTo(yuri.userId());
                assertThat(p.online()).isTrue();
            });
        }
    }

    @Test
    void typingReachesTheOtherMemberOnceAWindowAndNotTheTypist() {
        try (DeviceSocketClient typist = client.connect(xena); DeviceSocketClient other = client.connect(yuri);
             DeviceSocketClient outsider = client.connect(stranger)) {
            for (int i = 0; i < 5; i++) {
                typist.send(new ClientFrame.Typing(null, chat.id()));
            }
            ServerFrame.Typing typing = other.await(ServerFrame.Typing.class, t -> t.conversationId().equals(chat.id()));
            assertThat(typing.userId()).isEqualTo(xena.userId());
            assertThat(typing.until()).isAfter(Instant.now());

            // Let every frame sent so far arrive, then check how many indicators went out.
            String requestId = DeviceSocketClient.newRequestId();
            typist.send(new ClientFrame.Ping(requestId));
            typist.answerTo(requestId);
            other.awaitWithin(ServerFrame.Typing.class, t -> false, QUIET);
            assertThat(other.received(ServerFrame.Typing.class)).hasSize(1);
            assertThat(typist.received(ServerFrame.Typing.class)).isEmpty();
            assertThat(outsider.received(ServerFrame.Typing.class)).isEmpty();
        }
    }

    @Test
    void typingInAConversationYouAreNotInIsAnError() {
        try (DeviceSocketClient outsider = client.connect(stranger)) {
            String requestId = DeviceSocketClient.newRequestId();
            outsider.send(new ClientFrame.Typing(requestId, chat.id()));

            assertThat(outsider.awaitError(requestId).code()).isEqualTo("conversation_not_found");
        }
    }

    @Test
    void pingIsAnsweredWithTheServerTime() {
        try (DeviceSocketClient socket = client.connect(xena)) {
            String requestId = DeviceSocketClient.newRequestId();
            socket.send(new ClientFrame.Ping(requestId));

            ServerFrame answer = socket.answerTo(requestId);
            assertThat(answer).isInstanceOfSatisfying(ServerFrame.Pong.class,
                    p -> assertThat(p.serverTime()).isBetween(Instant.now().minusSeconds(5), Instant.now().plusSeconds(5)));
        }
    }
}
