package dev.parley.desktop.ui;

import dev.parley.desktop.core.ChatService;
import dev.parley.desktop.core.model.ChatMessage;
import dev.parley.desktop.host.LocalServerHost;
import dev.parley.protocol.ids.ConversationId;
import javafx.application.Application;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

import java.nio.file.Path;

import static dev.parley.desktop.ui.UiTestSupport.awaitMessage;
import static dev.parley.desktop.ui.UiTestSupport.selectChat;
import static dev.parley.desktop.ui.UiTestSupport.showing;
import static dev.parley.desktop.ui.UiTestSupport.text;
import static dev.parley.desktop.ui.UiTestSupport.ticksOf;
import static dev.parley.desktop.ui.UiTestSupport.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** The server goes away and comes back: the banner, the clock, then delivery. */
class OfflineTest {
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
    void start() throws Exception {
        server = LocalServerHost.start(serverDir, 0);
        UiTestSupport.BobWroteToAlice setUp = UiTestSupport.bobWroteToAlice(home, otherHome, server.localAddress(),
                "See you at noon");
        bob = setUp.bob();
        chat = setUp.chat();
    }

    private void startApp() throws Exception {
        app = UiTestSupport.startApp(home);
        waitUntil("the chats are shown", () -> showing(robot, "#chatList"));
    }

    @Test
    void theSavedSessionOpensTheChatsFromTheCacheWhileTheServerIsDown() throws Exception {
        int port = server.port();
        server.close();
        startApp();
        assertThat(showing(robot, "#usernameField")).isFalse();
        waitUntil("the Connecting… banner shows", () -> showing(robot, "#connectionBanner"));
        selectChat(robot, "Bob");
        waitUntil("Bob's message is shown from the cache", () -> UiTestSupport.messageCell(robot, "See you at noon").isPresent());

        server = LocalServerHost.start(serverDir, port);
        waitUntil("online again: the banner goes away", () -> !showing(robot, "#connectionBanner"));
    }

    @AfterEach
    void stop() throws Exception {
        UiTestSupport.stopApp(app);
        bob.close();
        server.close();
    }

    @Test
    void aMessageSentWhileTheServerIsDownWaitsWithAClockAndIsDeliveredWhenItIsBack() throws Exception {
        startApp();
        selectChat(robot, "Bob");
        waitUntil("online: no banner", () -> !showing(robot, "#connectionBanner"));
        int port = server.port();

        server.close();
        waitUntil("the Connecting… banner shows", () -> showing(robot, "#connectionBanner"));
        assertThat(text(robot, "#connectionBanner")).startsWith("Connecting…");

        robot.clickOn("#composeArea").write("Sent while offline").type(KeyCode.ENTER);
        waitUntil("the message shows a clock", () -> ticksOf(robot, "Sent while offline").contains("status-queued"));

        server = LocalServerHost.start(serverDir, port);
        waitUntil("the banner goes away", () -> !showing(robot, "#connectionBanner"));
        waitUntil("the message is sent", () -> ticksOf(robot, "Sent while offline").stream()
                .anyMatch(c -> c.equals("status-sent") || c.equals("status-delivered") || c.equals("status-read")));
        ChatMessage received = awaitMessage(bob, chat, "Sent while offline");
        assertThat(received.senderName()).isEqualTo("Alice");
        waitUntil("✓✓ once Bob's client has it", () -> ticksOf(robot, "Sent while offline").contains("status-delivered"));
    }
}
