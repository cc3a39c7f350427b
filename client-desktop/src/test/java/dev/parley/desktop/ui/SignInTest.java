package dev.parley.desktop.ui;

import dev.parley.desktop.core.ChatService;
import dev.parley.protocol.ParleyVersion;
import javafx.application.Application;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.parley.desktop.ui.UiTestSupport.PASSWORD;
import static dev.parley.desktop.ui.UiTestSupport.register;
import static dev.parley.desktop.ui.UiTestSupport.chatRows;
import static dev.parley.desktop.ui.UiTestSupport.showing;
import static dev.parley.desktop.ui.UiTestSupport.text;
import static dev.parley.desktop.ui.UiTestSupport.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** First start: the server step, logging in and creating an account, and the remembered session. */
class SignInTest {
    private static final AtomicInteger USERS = new AtomicInteger();

    @RegisterExtension
    static final HostedServer SERVER = new HostedServer();

    @TempDir
    Path home;
    @TempDir
    Path otherHome;

    private final FxRobot robot = new FxRobot();
    private Application app;

    @AfterEach
    void stopApp() throws Exception {
        UiTestSupport.stopApp(app);
    }

    @Test
    void logsInThroughTheUiAndTheNextStartGoesStraightToTheChats() throws Exception {
        String username = "dana" + USERS.incrementAndGet();
        register(otherHome, SERVER.address(), username, "Dana").close();

        app = UiTestSupport.startApp(home);
        connectTo(SERVER.address().getHost() + ":" + SERVER.address().getPort());
        robot.clickOn("#usernameField").write(username);
        robot.clickOn("#passwordField").write(PASSWORD).type(KeyCode.ENTER);
        waitUntil("the chats are shown", () -> showing(robot, "#chatList"));
        assertThat(text(robot, "#myName")).isEqualTo("Dana");

        UiTestSupport.stopApp(app);
        app = UiTestSupport.startApp(home);
        waitUntil("the chats are shown again without signing in", () -> showing(robot, "#chatList"));
        assertThat(showing(robot, "#usernameField")).isFalse();
    }

    @Test
    void aWrongPasswordIsToldInPlainWords() {
        String username = "erin" + USERS.incrementAndGet();
        register(otherHome, SERVER.address(), username, "Erin").close();

        app = startAppQuietly();
        connectTo(SERVER.address().toString());
        robot.clickOn("#usernameField").write(username);
        robot.clickOn("#passwordField").write("not the password").type(KeyCode.ENTER);
        waitUntil("an error shows", () -> showing(robot, "#signInError"));
        assertThat(text(robot, "#signInError")).isEqualTo("Wrong username or password");
        assertThat(showing(robot, "#chatList")).isFalse();
    }

    @Test
    void creatingAnAccountWithATakenUsernameSaysSo() {
        String username = "frank" + USERS.incrementAndGet();
        register(otherHome, SERVER.address(), username, "Frank").close();

        app = startAppQuietly();
        connectTo(SERVER.address().toString());
        robot.clickOn("Create an account");
        robot.clickOn("#usernameField").write(username);
        robot.clickOn("#displayNameField").write("Another Frank");
        robot.clickOn("#passwordField").write(PASSWORD).type(KeyCode.ENTER);
        waitUntil("an error shows", () -> showing(robot, "#signInError"));
        assertThat(text(robot, "#signInError").toLowerCase()).contains("taken");
    }

    @Test
    void creatingAnAccountOpensTheChats() {
        String username = "gina" + USERS.incrementAndGet();
        app = startAppQuietly();
        connectTo(SERVER.address().toString());
        robot.clickOn("Create an account");
        robot.clickOn("#usernameField").write(username);
        robot.clickOn("#displayNameField").write("Gina");
        robot.clickOn("#passwordField").write(PASSWORD).type(KeyCode.ENTER);
        waitUntil("the chats are shown", () -> showing(robot, "#chatList"));
        assertThat(text(robot, "#myName")).isEqualTo("Gina");
    }

    @Test
    void anAddressWhereNoServerAnswersIsToldInPlainWords() {
        app = startAppQuietly();
        waitUntil("the server step shows", () -> showing(robot, "#serverAddress"));
        robot.clickOn("#serverAddress").write("127.0.0.1:1").type(KeyCode.ENTER);
        waitUntil("an error shows", () -> showing(robot, "#serverError"));
        assertThat(text(robot, "#serverError")).isNotBlank().doesNotContain("Exception");
        assertThat(showing(robot, "#usernameField")).isFalse();
    }

    @Test
    void aDeviceLoggedOutFromElsewhereReturnsToSignInWithAMessage() throws Exception {
        String username = "hana" + USERS.incrementAndGet();
        register(home, SERVER.address(), username, "Hana").close();
        app = startAppQuietly();
        waitUntil("the chats are shown", () -> showing(robot, "#chatList"));

        try (ChatService otherDevice = new dev.parley.desktop.core.ParleyAccounts(otherHome)
                .login(SERVER.address(), username, PASSWORD, "Hana's phone")) {
            otherDevice.logOutOtherDevices();
        }
        waitUntil("back at sign-in", () -> showing(robot, "#usernameField"));
        assertThat(text(robot, "#signInNotice")).isEqualTo("This device was logged out. Log in again to keep chatting.");
    }

    @Test
    void hostingAServerHereShowsTheAddressesToShareAndLeadsToCreatingAnAccount() {
        app = startAppQuietly();
        waitUntil("the server step shows", () -> showing(robot, "#serverAddress"));
        assertThat(text(robot, "#appVersion")).isEqualTo("Parley Desktop " + ParleyVersion.current());
        robot.clickOn("Host a server on this computer");
        waitUntil("the addresses to share show", () -> UiTestSupport.fx(() ->
                !robot.lookup(".shareable-address").queryAll().isEmpty()));
        String shared = UiTestSupport.fx(() -> ((javafx.scene.control.TextField) robot.lookup(".shareable-address").query()).getText());
        assertThat(shared).startsWith("http://").matches(".*:\\d+$");
        assertThat(UiTestSupport.fx(() -> robot.lookup(".copy-address").queryAll().size())).isPositive();
        assertThat(text(robot, "#hostedSummary")).isEqualTo("Hosting Parley server " + ParleyVersion.current() + ". Others can join at:");

        robot.clickOn("Continue to create your account");
        waitUntil("the sign-in step shows", () -> showing(robot, "#usernameField"));
        robot.clickOn("Create an account");
        String hostUsername = "host" + USERS.incrementAndGet();
        robot.clickOn("#usernameField").write(hostUsername);
        robot.clickOn("#displayNameField").write("Hostess");
        robot.clickOn("#passwordField").write(PASSWORD).type(KeyCode.ENTER);
        waitUntil("the chats are shown", () -> showing(robot, "#chatList"));
        assertThat(java.nio.file.Files.exists(home.resolve("server").resolve("hosting.properties"))).isTrue();

        // A second user joins at the shared address, as another instance of the app would, and they chat.
        ChatService guest = UiTestSupport.register(home.resolveSibling(home.getFileName() + "-guest"),
                java.net.URI.create(shared), "guest" + USERS.incrementAndGet(), "Guest");
        try {
            var chat = guest.startChat(hostUsername);
            guest.send(chat, "Hello from the next desk");
            waitUntil("the host sees the guest's chat", () -> chatRows(robot).stream()
                    .anyMatch(c -> c.title().equals("Guest")));
            UiTestSupport.selectChat(robot, "Guest");
            waitUntil("the guest's message shows", () -> UiTestSupport.messageCell(robot, "Hello from the next desk").isPresent());
            robot.clickOn("#composeArea").write("Welcome!").type(KeyCode.ENTER);
            assertThat(UiTestSupport.awaitMessage(guest, chat, "Welcome!").senderName()).isEqualTo("Hostess");
        } finally {
            guest.close();
        }
    }

    private Application startAppQuietly() {
        try {
            return UiTestSupport.startApp(home);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void connectTo(String typed) {
        waitUntil("the server step shows", () -> showing(robot, "#serverAddress"));
        robot.clickOn("#serverAddress").write(typed).type(KeyCode.ENTER);
        waitUntil("the sign-in step shows", () -> showing(robot, "#usernameField"));
    }
}
