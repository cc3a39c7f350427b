package dev.parley.desktop.ui;

import dev.parley.desktop.core.ChatService;
import dev.parley.desktop.core.model.ChatMessage;
import dev.parley.desktop.core.model.DeliveryStatus;
import dev.parley.desktop.ui.chat.ChatRow;
import dev.parley.protocol.ids.ConversationId;
import javafx.application.Application;
import javafx.scene.control.Button;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.parley.desktop.ui.UiTestSupport.awaitMessage;
import static dev.parley.desktop.ui.UiTestSupport.composeText;
import static dev.parley.desktop.ui.UiTestSupport.fx;
import static dev.parley.desktop.ui.UiTestSupport.register;
import static dev.parley.desktop.ui.UiTestSupport.rows;
import static dev.parley.desktop.ui.UiTestSupport.selectChat;
import static dev.parley.desktop.ui.UiTestSupport.showing;
import static dev.parley.desktop.ui.UiTestSupport.text;
import static dev.parley.desktop.ui.UiTestSupport.ticksOf;
import static dev.parley.desktop.ui.UiTestSupport.waitUntil;
import static dev.parley.desktop.ui.UiTestSupport.waitUntilOffFx;
import static org.assertj.core.api.Assertions.assertThat;

/** Chatting in the real app with a real server; the other person is a second client (no UI). */
class ChatTest {
    private static final AtomicInteger USERS = new AtomicInteger();

    @RegisterExtension
    static final HostedServer SERVER = new HostedServer();

    @TempDir
    Path home;
    @TempDir
    Path otherHome;

    private final FxRobot robot = new FxRobot();
    private Application app;
    private ChatService bob;
    private ConversationId chat;
    private String alice;

    /** Alice (this app, session saved in its data folder) and Bob (a second client) share a chat. */
    @BeforeEach
    void aliceAndBobShareAChat() throws Exception {
        int n = USERS.incrementAndGet();
        alice = "alice" + n;
        register(home, SERVER.address(), alice, "Alice").close();
        bob = register(otherHome, SERVER.address(), "bob" + n, "Bob");
        chat = bob.startChat(alice);
        app = UiTestSupport.startApp(home);
        waitUntil("the chats are shown", () -> showing(robot, "#chatList"));
    }

    @AfterEach
    void stop() throws Exception {
        UiTestSupport.stopApp(app);
        bob.close();
    }

    @Test
    void enterSendsTheMessageAndTheOtherClientReceivesIt() {
        selectChat(robot, "Bob");
        robot.clickOn("#composeArea").write("Hello Bob").type(KeyCode.ENTER);

        ChatMessage received = awaitMessage(bob, chat, "Hello Bob");
        assertThat(received.mine()).isFalse();
        assertThat(received.senderName()).isEqualTo("Alice");
        assertThat(composeText(robot)).isEmpty();
        waitUntil("the bubble is shown on the right", () -> UiTestSupport.messageCell(robot, "Hello Bob")
                .map(cell -> cell.lookup(".bubble").getStyleClass().contains("mine")).orElse(false));
    }

    @Test
    void ticksGoFromSentToDeliveredToBlueWhenTheOtherClientReads() {
        selectChat(robot, "Bob");
        robot.clickOn("#composeArea").write("Did you get this?").type(KeyCode.ENTER);
        waitUntil("the message shows ticks", () -> !ticksOf(robot, "Did you get this?").isEmpty());
        assertThat(ticksOf(robot, "Did you get this?"))
                .containsAnyOf("status-queued", "status-sent", "status-delivered");

        awaitMessage(bob, chat, "Did you get this?");
        waitUntil("✓✓ delivered", () -> ticksOf(robot, "Did you get this?").contains("status-delivered"));

        bob.markRead(chat);
        waitUntil("blue ✓✓ read", () -> ticksOf(robot, "Did you get this?").contains("status-read"));
    }

    @Test
    void typingInTheComposeBoxTellsTheOtherClient() throws Exception {
        java.util.concurrent.CountDownLatch typing = new java.util.concurrent.CountDownLatch(1);
        try (AutoCloseable ignored = bob.subscribe(event -> {
            if (event instanceof dev.parley.desktop.core.model.ChatEvent.Typing t && t.conversationId().equals(chat)) {
                typing.countDown();
            }
        })) {
            selectChat(robot, "Bob");
            robot.clickOn("#composeArea").write("I am typ");
            assertThat(typing.await(UiTestSupport.TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS))
                    .as("Bob's client was told Alice is typing").isTrue();
        }
    }

    @Test
    void shiftEnterStartsANewLineInsteadOfSending() {
        selectChat(robot, "Bob");
        int rowsBefore = rows(robot).size();
        robot.clickOn("#composeArea").write("line one");
        robot.press(KeyCode.SHIFT).type(KeyCode.ENTER).release(KeyCode.SHIFT);
        robot.write("line two");

        assertThat(composeText(robot)).isEqualTo("line one\nline two");
        WaitForAsyncUtils.sleep(500, java.util.concurrent.TimeUnit.MILLISECONDS);
        assertThat(rows(robot)).hasSize(rowsBefore);

        robot.type(KeyCode.ENTER);
        ChatMessage received = awaitMessage(bob, chat, "line one\nline two");
        assertThat(received.text()).contains("\n");
    }

    @Test
    void counterShowsNearTheLimitAndSendingStopsPastIt() {
        selectChat(robot, "Bob");
        assertThat(showing(robot, "#counterLabel")).isFalse();

        setCompose("a".repeat(95_000));
        waitUntil("the counter shows", () -> showing(robot, "#counterLabel"));
        assertThat(text(robot, "#counterLabel")).isEqualTo("95,000 / 100,000");
        assertThat(showing(robot, "#limitLabel")).isFalse();
        assertThat(sendDisabled()).isFalse();

        // Code points, not chars: 100,000 emoji are 200,000 chars and still allowed.
        setCompose("😀".repeat(100_000));
        assertThat(text(robot, "#counterLabel")).isEqualTo("100,000 / 100,000");
        assertThat(sendDisabled()).isFalse();

        setCompose("😀".repeat(100_000) + "!");
        waitUntil("the limit message shows", () -> showing(robot, "#limitLabel"));
        assertThat(text(robot, "#limitLabel")).contains("100,000").contains("Remove 1");
        assertThat(sendDisabled()).isTrue();

        int rowsBefore = rows(robot).size();
        robot.clickOn("#composeArea").type(KeyCode.ENTER);
        WaitForAsyncUtils.sleep(500, java.util.concurrent.TimeUnit.MILLISECONDS);
        assertThat(rows(robot)).hasSize(rowsBefore);
        assertThat(composeText(robot)).hasSize(200_001);
    }

    @Test
    void openingAChatShowsTheUnreadDividerAndMarksItRead() {
        ChatMessage first = bob.send(chat, "one");
        bob.send(chat, "two");
        bob.send(chat, "three");
        waitUntil("the chat shows 3 unread", () -> UiTestSupport.chatRows(robot).stream()
                .anyMatch(c -> c.title().equals("Bob") && c.unread() == 3));

        selectChat(robot, "Bob");
        waitUntil("the messages are shown", () -> rows(robot).stream()
                .anyMatch(r -> r instanceof ChatRow.Message m && "three".equals(m.message().text())));
        var shown = rows(robot);
        int divider = indexOf(shown, r -> r instanceof ChatRow.UnreadDivider);
        int one = indexOf(shown, r -> r instanceof ChatRow.Message m && "one".equals(m.message().text()));
        assertThat(divider).isNotNegative().isEqualTo(one - 1);
        assertThat(((ChatRow.UnreadDivider) shown.get(divider)).text()).isEqualTo("3 unread messages");
        assertThat(shown.stream().anyMatch(r -> r instanceof ChatRow.DayHeading d && d.text().equals("Today"))).isTrue();

        waitUntilOffFx("Bob sees his messages read", () -> bob.messages(chat, null, 50).stream()
                .filter(m -> m.clientMessageId() != null && m.clientMessageId().equals(first.clientMessageId()))
                .anyMatch(m -> m.status() == DeliveryStatus.READ));
        waitUntil("the unread badge is gone", () -> UiTestSupport.chatRows(robot).stream()
                .anyMatch(c -> c.title().equals("Bob") && c.unread() == 0));
    }

    @Test
    void theirMessagesArriveLiveOnTheLeftAndTheHeaderShowsOnline() {
        selectChat(robot, "Bob");
        waitUntil("Bob shows online", () -> "online".equals(text(robot, "#chatStatus")));
        bob.send(chat, "Hi Alice!");
        waitUntil("Bob's message is shown on the left", () -> UiTestSupport.messageCell(robot, "Hi Alice!")
                .map(cell -> cell.lookup(".bubble").getStyleClass().contains("theirs")).orElse(false));
    }

    @Test
    void ctrlNStartsAChatByUsername() throws Exception {
        String carol = "carol" + USERS.incrementAndGet();
        try (ChatService carolClient = register(otherHome.resolve("carol"), SERVER.address(), carol, "Carol")) {
            robot.press(KeyCode.CONTROL).type(KeyCode.N).release(KeyCode.CONTROL);
            waitUntil("the new-chat card has the focus", () -> focused("#newChatField"));
            robot.write(carol).type(KeyCode.ENTER);
            waitUntil("the chat with Carol is open", () -> "Carol".equals(text(robot, "#chatTitle")));
            assertThat(showing(robot, "#newChatField")).isFalse();
        }
    }

    @Test
    void aNewChatWithAnUnknownUserSaysSo() {
        robot.press(KeyCode.CONTROL).type(KeyCode.N).release(KeyCode.CONTROL);
        waitUntil("the new-chat card has the focus", () -> focused("#newChatField"));
        robot.write("nobody_here").type(KeyCode.ENTER);
        waitUntil("an error shows", () -> showing(robot, "#newChatError"));
        assertThat(text(robot, "#newChatError")).isNotBlank();
        robot.type(KeyCode.ESCAPE);
        waitUntil("Esc closes the card", () -> !showing(robot, "#newChatField"));
    }

    private boolean focused(String query) {
        return fx(() -> robot.lookup(query).tryQuery().map(javafx.scene.Node::isFocused).orElse(false));
    }

    private void setCompose(String value) {
        fx(() -> {
            robot.lookup("#composeArea").queryAs(TextArea.class).setText(value);
            return null;
        });
    }

    private boolean sendDisabled() {
        return fx(() -> robot.lookup("#sendButton").queryAs(Button.class).isDisabled());
    }

    private static int indexOf(java.util.List<ChatRow> rows, java.util.function.Predicate<ChatRow> test) {
        for (int i = 0; i < rows.size(); i++) {
            if (test.test(rows.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
