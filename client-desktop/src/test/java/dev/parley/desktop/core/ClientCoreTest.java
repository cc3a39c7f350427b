package dev.parley.desktop.core;

import dev.parley.desktop.core.model.ChatEvent;
import dev.parley.desktop.core.model.ChatMessage;
import dev.parley.desktop.core.model.ChatSummary;
import dev.parley.desktop.core.model.ConnectionState;
import dev.parley.desktop.core.model.DeliveryStatus;
import dev.parley.desktop.host.LocalServerHost;
import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.model.MessageKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.parley.desktop.core.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client core, headless, against a real server on a random port. */
class ClientCoreTest {
    private static final String PASSWORD = TestClients.PASSWORD;

    @TempDir
    Path temp;

    private int port;
    private LocalServerHost server;
    private TestClients clients;

    @BeforeEach
    void startServer() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        server = LocalServerHost.start(temp.resolve("server"), port);
        clients = new TestClients(temp, this::address);
    }

    @AfterEach
    void stopEverything() {
        clients.close();
        if (server != null) {
            server.close();
        }
    }

    private URI address() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private ChatService register(String name) {
        return clients.register(name);
    }

    private ChatService resume(ChatService client) {
        return clients.resume(client);
    }

    private static List<String> texts(ChatService client, ConversationId chat) {
        return client.messages(chat, null, 500).stream().filter(m -> m.kind() == MessageKind.TEXT)
                .map(ChatMessage::text).toList();
    }

    @Test
    void twoClientsChatInRealTime() {
        ChatService alice = register("alice");
        ChatService bob = register("bob");
        List<ChatEvent> bobEvents = new CopyOnWriteArrayList<>();
        bob.subscribe(bobEvents::add);

        ConversationId chat = alice.startChat(bob.me().username());
        alice.send(chat, "Hi Bob!");

        await("bob has the chat and the message", () -> bob.chats().stream().anyMatch(c -> c.id().equals(chat))
                && texts(bob, chat).contains("Hi Bob!"));
        assertThat(bobEvents).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(ChatEvent.MessageArrived.class,
                a -> assertThat(a.message().text()).isEqualTo("Hi Bob!")));
        ChatSummary summary = bob.chats().getFirst();
        assertThat(summary.title()).isEqualTo("alice");
        assertThat(summary.unread()).isEqualTo(1);
        assertThat(summary.lastMessagePreview()).isEqualTo("Hi Bob!");
    }

    @Test
    void anOfflineClientCatchesUpOnEverythingInOrderWhenItComesBack() {
        ChatService alice = register("alice");
        ChatService bob = register("bob");
        ConversationId chat = alice.startChat(bob.me().username());
        await("bob knows the chat", () -> bob.chats().size() == 1);
        bob.close();

        List<String> sent = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            sent.add("message " + i);
            alice.send(chat, "message " + i);
        }
        await("alice's outbox is empty", () -> alice.messages(chat, null, 100).stream().noneMatch(ChatMessage::pending));

        ChatService bobAgain = resume(bob);
        await("bob caught up", () -> texts(bobAgain, chat).size() == 30);
        assertThat(texts(bobAgain, chat)).containsExactlyElementsOf(sent);
        List<Long> seqs = bobAgain.messages(chat, null, 100).stream().map(ChatMessage::seq).toList();
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void theOutboxSurvivesARestartOfClientAndServerAndDeliversExactlyOnce() {
        ChatService alice = register("alice");
        ChatService bob = register("bob");
        ConversationId chat = alice.startChat(bob.me().username());
        await("bob knows the chat", () -> bob.chats().size() == 1);

        server.close();
        server = null;
        await("alice sees the connection drop", () -> alice.connectionState() == ConnectionState.CONNECTING);
        for (String text : List.of("written offline 1", "written offline 2", "written offline 3")) {
            assertThat(alice.send(chat, text).status()).isEqualTo(DeliveryStatus.QUEUED);
        }
        ChatService aliceAgain = resume(alice);
        assertThat(aliceAgain.messages(chat, null, 50)).filteredOn(ChatMessage::pending).extracting(ChatMessage::text)
                .containsExactly("written offline 1", "written offline 2", "written offline 3");

        server = LocalServerHost.start(temp.resolve("server"), port);
        await("bob got all three", () -> texts(bob, chat).size() == 3);
        await("alice's outbox drained", () -> aliceAgain.messages(chat, null, 50).stream().noneMatch(ChatMessage::pending));
        assertThat(texts(bob, chat)).containsExactly("written offline 1", "written offline 2", "written offline 3");
        assertThat(texts(aliceAgain, chat)).containsExactly("written offline 1", "written offline 2", "written offline 3");
    }

    @Test
    void sendsTheServerRefusesForNowAreSentAgainWithoutWaitingForAnotherSendOrAReconnect() {
        // A server that lets a socket send one frame a second refuses a burst with rate_limited (as one whose
        // database is restarting refuses with unavailable): retryable, the socket stays open.
        server.close();
        server = LocalServerHost.start(temp.resolve("strict-server"), port,
                Map.of("PARLEY_FRAMES_PER_SECOND", "1", "PARLEY_FRAME_BURST", "2"));
        ChatService alice = register("alice");
        ChatService bob = register("bob");
        ConversationId chat = alice.startChat(bob.me().username());
        List<String> burst = List.of("one", "two", "three", "four", "five");
        for (String text : burst) {
            alice.send(chat, text);
        }
        await("bob got the whole burst, in order", () -> texts(bob, chat).equals(burst));
        await("alice's outbox drained", () -> alice.messages(chat, null, 50).stream().noneMatch(ChatMessage::pending));
        assertThat(alice.connectionState()).isEqualTo(ConnectionState.ONLINE);
    }

    @Test
    void ticksFollowDeliveryAndReadAndPresenceReachesTheOtherSide() {
        ChatService alice = register("alice");
        ChatService bob = register("bob");
        ConversationId chat = alice.startChat(bob.me().username());
        await("alice sees bob online", () -> alice.chats().getFirst().online());

        alice.send(chat, "did you read this?");
        await("delivered to bob's device", () -> last(alice, chat).status() == DeliveryStatus.DELIVERED);
        bob.markRead(chat);
        await("read by bob", () -> last(alice, chat).status() == DeliveryStatus.READ);
        assertThat(bob.chats().getFirst().unread()).isZero();

        bob.close();
        await("alice sees bob offline with last seen", () -> {
            ChatSummary s = alice.chats().getFirst();
            return !s.online() && s.lastSeenAt() != null;
        });
    }

    @Test
    void typingReachesTheOtherClient() {
        ChatService alice = register("alice");
        ChatService bob = register("bob");
        ConversationId chat = alice.startChat(bob.me().username());
        await("bob knows the chat", () -> bob.chats().size() == 1);
        List<ChatEvent> bobEvents = new CopyOnWriteArrayList<>();
        bob.subscribe(bobEvents::add);

        alice.typing(chat);

        await("bob hears alice typing", () -> bobEvents.stream().anyMatch(e -> e instanceof ChatEvent.Typing t
                && t.userId().equals(alice.me().id())));
        assertThat(bob.chats().getFirst().typing()).isTrue();
    }

    @Test
    void aDeviceLoggedOutElsewhereIsToldItIsSignedOut() {
        ChatService alice = register("alice");
        Path dir = clients.dataDir(alice.me().username());
        ChatService otherDevice = new ParleyAccounts(temp.resolve("other")).login(address(), alice.me().username(),
                PASSWORD, "Phone");
        clients.adopt(otherDevice);
        await("phone online", () -> otherDevice.connectionState() == ConnectionState.ONLINE);

        otherDevice.logOutOtherDevices();

        await("laptop signed out", () -> alice.connectionState() == ConnectionState.SIGNED_OUT);
        assertThat(new ParleyAccounts(dir).savedSession()).isEmpty();
    }

    @Test
    void searchFindsCachedMessagesAndDraftsArePerChat() {
        ChatService alice = register("alice");
        ChatService bob = register("bob");
        ConversationId chat = alice.startChat(bob.me().username());
        alice.send(chat, "The quarterly Report is ready");
        alice.send(chat, "lunch?");
        await("sent", () -> texts(alice, chat).size() == 2 && alice.messages(chat, null, 9).stream().noneMatch(ChatMessage::pending));

        assertThat(alice.search("report QUARTERLY")).singleElement()
                .satisfies(hit -> assertThat(hit.text()).isEqualTo("The quarterly Report is ready"));
        assertThat(alice.search("dinner")).isEmpty();
        alice.saveDraft(chat, "half-written");
        assertThat(alice.draft(chat)).contains("half-written");
    }

    @Test
    void wrongPasswordAndUnreachableServerAreToldInWords() {
        ChatService alice = register("alice");
        ParleyAccounts accounts = new ParleyAccounts(temp.resolve("x"));
        assertThatThrownBy(() -> accounts.login(address(), alice.me().username(), "not the password", "x"))
                .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.code()).isEqualTo("invalid_credentials"));
        assertThatThrownBy(() -> accounts.checkServer(URI.create("http://127.0.0.1:1")))
                .isInstanceOfSatisfying(ClientException.class, e -> {
                    assertThat(e.code()).isEqualTo("server_unreachable");
                    assertThat(e.getMessage()).contains("Can't reach");
                });
        assertThatThrownBy(() -> alice.send(alice.startChat(register("bob").me().username()), "x".repeat(100_001)))
                .isInstanceOfSatisfying(ClientException.class, e -> assertThat(e.code()).isEqualTo("text_too_long"));
    }

    @Test
    void aResendAfterALostAckIsStoredOnceAndShownOnce() throws Exception {
        ChatService alice = register("alice");
        ChatService bob = register("bob");
        ConversationId chat = alice.startChat(bob.me().username());
        ChatMessage sent = alice.send(chat, "only once please");
        await("acknowledged", () -> alice.messages(chat, null, 9).stream().noneMatch(ChatMessage::pending));
        Path dir = clients.dataDir(alice.me().username());
        Path accountDir;
        try (var files = java.nio.file.Files.walk(dir.resolve("accounts"), 2)) {
            accountDir = files.filter(p -> p.getFileName().toString().equals(alice.me().id().toString())).findFirst().orElseThrow();
        }
        alice.close();
        // As if the ack had been lost: the message is back in the outbox with its original clientMessageId.
        try (var store = dev.parley.desktop.core.store.LocalStore.open(accountDir)) {
            store.enqueue(new dev.parley.desktop.core.store.LocalStore.Queued(sent.clientMessageId(), chat,
                    "only once please", java.time.Instant.now(), null, null));
        }

        ParleyAccounts accounts = new ParleyAccounts(dir);
        ChatService aliceAgain = accounts.resume(accounts.savedSession().orElseThrow());
        clients.adopt(aliceAgain);
        await("outbox drained", () -> aliceAgain.connectionState() == ConnectionState.ONLINE
                && aliceAgain.messages(chat, null, 9).stream().noneMatch(ChatMessage::pending));

        assertThat(texts(aliceAgain, chat)).containsExactly("only once please");
        assertThat(texts(bob, chat)).containsExactly("only once please");
    }

    @Test
    void theSessionFileIsReadableByItsOwnerOnly() throws Exception {
        ChatService alice = register("alice");
        Path file = clients.dataDir(alice.me().username()).resolve("session.properties");

        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(java.nio.file.Files.readString(file)).doesNotContain(PASSWORD);
    }

    private static ChatMessage last(ChatService client, ConversationId chat) {
        List<ChatMessage> messages = client.messages(chat, null, 5);
        return messages.getLast();
    }
}
