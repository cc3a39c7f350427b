package dev.parley.desktop.ui;

import dev.parley.desktop.core.ChatService;
import dev.parley.desktop.core.store.LocalStore;
import dev.parley.desktop.host.LocalServerHost;
import dev.parley.protocol.ids.ConversationId;
import javafx.application.Application;
import javafx.scene.Node;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;

import static dev.parley.desktop.ui.UiTestSupport.awaitMessage;
import static dev.parley.desktop.ui.UiTestSupport.fx;
import static dev.parley.desktop.ui.UiTestSupport.selectChat;
import static dev.parley.desktop.ui.UiTestSupport.showing;
import static dev.parley.desktop.ui.UiTestSupport.ticksOf;
import static dev.parley.desktop.ui.UiTestSupport.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** A message the server refused for good shows a red "!" with the reason; a click sends it again. */
class FailedMessageTest {
    private static final String TEXT = "Are we still on for Friday?";
    private static final String REFUSAL = "The server could not take this message.";

    @TempDir
    Path serverDir;
    @TempDir
    Path home;
    @TempDir
    Path otherHome;

    private final FxRobot robot = new FxRobot();
    private LocalServerHost server;
    private Application app;
    private ChatService bob;
    private ConversationId chat;

    @BeforeEach
    void aliceHasAFailedMessageToBob() throws Exception {
        server = LocalServerHost.start(serverDir, 0);
        UiTestSupport.BobWroteToAlice setUp = UiTestSupport.bobWroteToAlice(home, otherHome, server.localAddress(), "Hi Alice");
        bob = setUp.bob();
        chat = setUp.chat();
        String aliceId = setUp.aliceUserId();

        // No text the client lets through is refused for good by the server, so the refusal is written
        // the way the outbox records one, into Alice's own cache while her app is not running.
        try (LocalStore store = LocalStore.open(accountDir(aliceId))) {
            UUID id = UUID.randomUUID();
            store.enqueue(new LocalStore.Queued(id, chat, TEXT, Instant.now(), null, null));
            store.markFailed(id, "invalid_text", REFUSAL);
        }
        app = UiTestSupport.startApp(home);
        waitUntil("the chats are shown", () -> showing(robot, "#chatList"));
    }

    private Path accountDir(String userId) throws Exception {
        try (Stream<Path> servers = Files.list(home.resolve("accounts"))) {
            return servers.map(dir -> dir.resolve(userId)).filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new AssertionError("no account folder for " + userId));
        }
    }

    @AfterEach
    void stop() throws Exception {
        UiTestSupport.stopApp(app);
        bob.close();
        server.close();
    }

    @Test
    void clickingTheRedMarkSendsTheFailedMessageAgainAndItArrivesOnce() throws Exception {
        selectChat(robot, "Bob");
        waitUntil("online: no banner", () -> !showing(robot, "#connectionBanner"));
        waitUntil("the message shows the red mark", () -> ticksOf(robot, TEXT).contains("status-failed"));
        assertThat(fx(() -> failedMark().isVisible())).isTrue();
        assertThat(fx(() -> ticks().getAccessibleText()))
                .isEqualTo("Not sent: " + REFUSAL + " Click to try again");
        // Still failed after connecting: only the user sends it again.
        assertThat(bob.messages(chat, null, 20)).noneMatch(m -> TEXT.equals(m.text()));

        robot.clickOn(fx(this::failedMark));

        waitUntil("the message is sent", () -> ticksOf(robot, TEXT).stream()
                .anyMatch(c -> c.equals("status-sent") || c.equals("status-delivered") || c.equals("status-read")));
        awaitMessage(bob, chat, TEXT);
        waitUntil("✓✓ once Bob's client has it", () -> ticksOf(robot, TEXT).contains("status-delivered"));
        assertThat(bob.messages(chat, null, 20)).filteredOn(m -> TEXT.equals(m.text())).hasSize(1);
    }

    private Node ticks() {
        return UiTestSupport.messageCell(robot, TEXT).map(cell -> cell.lookup(".ticks")).orElseThrow();
    }

    private Node failedMark() {
        return ticks().lookup(".failed-mark");
    }
}
