package dev.parley.desktop.ui;

import dev.parley.desktop.core.ChatService;
import dev.parley.desktop.ui.chat.ChatRow;
import dev.parley.desktop.ui.common.TimeFormats;
import dev.parley.protocol.ParleyVersion;
import dev.parley.protocol.ids.ConversationId;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.parley.desktop.ui.UiTestSupport.chatRows;
import static dev.parley.desktop.ui.UiTestSupport.composeText;
import static dev.parley.desktop.ui.UiTestSupport.fx;
import static dev.parley.desktop.ui.UiTestSupport.register;
import static dev.parley.desktop.ui.UiTestSupport.rows;
import static dev.parley.desktop.ui.UiTestSupport.selectChat;
import static dev.parley.desktop.ui.UiTestSupport.showing;
import static dev.parley.desktop.ui.UiTestSupport.text;
import static dev.parley.desktop.ui.UiTestSupport.waitUntil;
import static dev.parley.desktop.ui.UiTestSupport.waitUntilOffFx;
import static org.assertj.core.api.Assertions.assertThat;

/** The chat list, drafts, history, search, devices, notifications and keyboard shortcuts. */
class ChatsAndPanesTest {
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
    private ChatService carol;
    private ConversationId bobChat;
    private ConversationId carolChat;
    private String alice;

    @BeforeEach
    void aliceChatsWithBobAndCarol() throws Exception {
        int n = USERS.incrementAndGet();
        alice = "alice" + n;
        register(home, SERVER.address(), alice, "Alice").close();
        bob = register(otherHome.resolve("bob"), SERVER.address(), "bob" + n, "Bob");
        carol = register(otherHome.resolve("carol"), SERVER.address(), "carol" + n, "Carol");
        bobChat = bob.startChat(alice);
        carolChat = carol.startChat(alice);
        app = UiTestSupport.startApp(home);
        waitUntil("both chats are listed", () -> chatRows(robot).size() == 2);
    }

    @AfterEach
    void stop() throws Exception {
        UiTestSupport.stopApp(app);
        bob.close();
        carol.close();
    }

    @Test
    void theListIsSortedByLastActivityWithPreviewAndUnreadBadge() {
        bob.send(bobChat, "older news");
        // Two clients, two conversations: only waiting makes Carol's message the later one on the server.
        waitUntilOffFx("Bob's message is stored", () -> bob.messages(bobChat, null, 5).stream()
                .noneMatch(dev.parley.desktop.core.model.ChatMessage::pending));
        carol.send(carolChat, "newest news");
        waitUntil("Carol is on top with her preview", () -> {
            var chats = chatRows(robot);
            return chats.size() == 2 && chats.get(0).title().equals("Carol")
                    && "newest news".equals(chats.get(0).lastMessagePreview());
        });
        bob.send(bobChat, "bob again");
        waitUntil("Bob moves to the top", () -> chatRows(robot).get(0).title().equals("Bob"));
        waitUntil("Bob's badge says 2", () -> badgeOf("Bob").equals("2"));
        assertThat(windowTitle()).isEqualTo("Parley (3 unread)");
    }

    @Test
    void theSearchBoxFiltersChatsAndCtrlKFocusesIt() {
        robot.press(KeyCode.CONTROL).type(KeyCode.K).release(KeyCode.CONTROL);
        waitUntil("the filter has the focus", () -> focused("#chatFilter"));
        robot.write("car");
        waitUntil("only Carol is listed", () -> chatRows(robot).size() == 1
                && chatRows(robot).get(0).title().equals("Carol"));
        robot.type(KeyCode.ENTER);
        waitUntil("Enter opens Carol", () -> "Carol".equals(text(robot, "#chatTitle")));
    }

    @Test
    void altDownAndAltUpMoveBetweenChats() {
        selectChat(robot, "Bob");
        String first = chatRows(robot).get(0).title();
        String second = chatRows(robot).get(1).title();
        fx(() -> {
            robot.lookup("#composeArea").query().requestFocus();
            return null;
        });
        robot.press(KeyCode.ALT).type(KeyCode.DOWN).release(KeyCode.ALT);
        String after = "Bob".equals(first) ? second : first;
        waitUntil("the next chat opens", () -> after.equals(text(robot, "#chatTitle")));
        robot.press(KeyCode.ALT).type(KeyCode.UP).release(KeyCode.ALT);
        waitUntil("back to Bob", () -> "Bob".equals(text(robot, "#chatTitle")));
    }

    @Test
    void draftsAreKeptPerChatAcrossSwitchingAndRestarts() throws Exception {
        selectChat(robot, "Bob");
        robot.clickOn("#composeArea").write("half a thought");
        selectChat(robot, "Carol");
        waitUntil("Carol's box is empty", () -> composeText(robot).isEmpty());
        selectChat(robot, "Bob");
        waitUntil("Bob's draft is back", () -> "half a thought".equals(composeText(robot)));

        UiTestSupport.stopApp(app);
        app = UiTestSupport.startApp(home);
        selectChat(robot, "Bob");
        waitUntil("the draft survived the restart", () -> "half a thought".equals(composeText(robot)));
    }

    @Test
    void openingAtTheUnreadDividerReadingOlderHistoryDoesNotJumpAndTheDownButtonCountsNewMessages() {
        for (int i = 1; i <= 100; i++) {
            bob.send(bobChat, "history " + i);
        }
        waitUntil("Bob's 100 messages are in", () -> lastPreviewIs("Bob", "history 100"));
        selectChat(robot, "Bob");
        waitUntil("the chat opens at the unread divider", () -> rowShown("100 unread messages"));
        waitUntil("opening it marked it read", () -> chatRows(robot).stream()
                .anyMatch(c -> c.title().equals("Bob") && c.unread() == 0));
        selectChat(robot, "Carol");
        for (int i = 101; i <= 150; i++) {
            bob.send(bobChat, "history " + i);
        }
        waitUntil("Bob's next 50 messages are in", () -> lastPreviewIs("Bob", "history 150"));

        selectChat(robot, "Bob");
        waitUntil("the chat opens at the unread divider", () -> rowShown("50 unread messages"));
        assertThat(messageShown("history 150")).isFalse();
        assertThat(messageRow("history 1")).isFalse();

        waitUntil("older history loads at the top", () -> {
            robot.lookup("#messageList").queryAs(ListView.class).scrollTo(0);
            return messageRow("history 1");
        });
        waitUntil("the first message is on screen", () -> {
            robot.lookup("#messageList").queryAs(ListView.class).scrollTo(0);
            return messageShown("history 1");
        });
        waitUntil("the ↓ button shows", () -> showing(robot, "#jumpButton"));

        bob.send(bobChat, "while you read");
        waitUntil("the ↓ button counts it", () -> "1".equals(text(robot, "#jumpCount")) && showing(robot, "#jumpCount"));
        assertThat(messageShown("while you read")).isFalse();
        assertThat(messageShown("history 1")).as("no jump while reading older history").isTrue();

        robot.clickOn("#jumpButton");
        waitUntil("at the bottom with the new message", () -> messageShown("while you read"));
        waitUntil("the ↓ button is gone", () -> !showing(robot, "#jumpButton"));
    }

    private boolean lastPreviewIs(String title, String preview) {
        return chatRows(robot).stream().anyMatch(c -> c.title().equals(title) && preview.equals(c.lastMessagePreview()));
    }

    /** A day heading or divider with this text is on screen. */
    private boolean rowShown(String text) {
        return fx(() -> robot.lookup(".message-cell").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.control.ListCell<?> c && !c.isEmpty()
                        && c.getItem() instanceof ChatRow.UnreadDivider d && d.text().equals(text))
                .anyMatch(this::onScreen));
    }

    private boolean onScreen(Node cell) {
        var list = robot.lookup("#messageList").query();
        var bounds = cell.localToScene(cell.getBoundsInLocal());
        var listBounds = list.localToScene(list.getBoundsInLocal());
        return cell.isVisible() && bounds.getMaxY() <= listBounds.getMaxY() + 1 && bounds.getMinY() >= listBounds.getMinY() - 1;
    }

    @Test
    void searchFindsCachedMessagesAndOpensTheChatThere() {
        bob.send(bobChat, "the quick brown fox");
        carol.send(carolChat, "nothing to see");
        waitUntil("the message is cached", () -> chatRows(robot).stream()
                .anyMatch(c -> "the quick brown fox".equals(c.lastMessagePreview())));
        robot.clickOn("#searchButton");
        waitUntil("the search box has the focus", () -> focused("#searchQuery"));
        robot.write("brown");
        waitUntil("one result", () -> "1 message".equals(text(robot, "#searchSummary")));
        robot.type(KeyCode.DOWN).type(KeyCode.ENTER);
        waitUntil("Bob's chat is open", () -> "Bob".equals(text(robot, "#chatTitle")));
        waitUntil("the message is shown", () -> messageShown("the quick brown fox"));
        assertThat(showing(robot, "#searchQuery")).isFalse();
    }

    @Test
    void theDevicesPaneListsDevicesAndLogsOutAnother() throws Exception {
        try (ChatService phone = new dev.parley.desktop.core.ParleyAccounts(otherHome.resolve("phone"))
                .login(SERVER.address(), alice, UiTestSupport.PASSWORD, "Alice's phone")) {
            robot.clickOn("#devicesButton");
            waitUntil("two devices", () -> deviceNames().size() == 2);
            assertThat(deviceNames()).anyMatch(name -> name.equals("Alice's phone"));
            robot.clickOn("Log out this device");
            waitUntil("one device left", () -> deviceNames().size() == 1);
            assertThat(text(robot, "#devicesMessage")).isEqualTo("\"Alice's phone\" was logged out.");
            robot.type(KeyCode.ESCAPE);
            waitUntil("Esc closes the pane", () -> !showing(robot, "#deviceList"));
        }
    }

    @Test
    void aMessageForAChatNotOpenNotifiesAndClickingOpensIt() {
        selectChat(robot, "Carol");
        bob.send(bobChat, "psst, over here");
        waitUntil("a notification shows", () -> notificationText().contains("psst, over here"));
        assertThat(notificationText()).contains("Bob");
        Node notification = fx(() -> robot.lookup(".notification-bar").query());
        robot.clickOn(notification);
        waitUntil("Bob's chat opens", () -> "Bob".equals(text(robot, "#chatTitle")));
    }

    @Test
    void hidingPreviewsKeepsTheTextOutOfNotifications() {
        selectChat(robot, "Carol");
        robot.clickOn("#settingsButton");
        waitUntil("the settings show", () -> showing(robot, "#hidePreviewBox"));
        assertThat(text(robot, "#settingsVersion")).isEqualTo("Parley Desktop " + ParleyVersion.current());
        robot.clickOn("#hidePreviewBox");
        robot.type(KeyCode.ESCAPE);
        waitUntil("Esc closes the settings", () -> !showing(robot, "#hidePreviewBox"));
        bob.send(bobChat, "a secret plan");
        waitUntil("a notification shows", () -> notificationText().contains("Bob"));
        assertThat(notificationText()).contains("New message").doesNotContain("a secret plan");
    }

    @Test
    void myInviteLinkLetsSomeoneNewStartAChat() throws Exception {
        robot.clickOn("#inviteButton");
        waitUntil("the link is copied", () -> text(robot, "#inviteStatus").startsWith("Invite link copied"));
        String link = fx(() -> javafx.scene.input.Clipboard.getSystemClipboard().getString());
        assertThat(link).isNotBlank();
        try (ChatService zed = register(otherHome.resolve("zed"), SERVER.address(), "zed" + USERS.incrementAndGet(), "Zed")) {
            zed.startChat(link);
            waitUntil("the chat with Zed is listed", () -> chatRows(robot).stream().anyMatch(c -> c.title().equals("Zed")));
        }
    }

    @Test
    void aMutedChatDoesNotNotify() {
        selectChat(robot, "Bob");
        robot.clickOn("#muteButton");
        waitUntil("Bob is muted", () -> chatRows(robot).stream().anyMatch(c -> c.title().equals("Bob") && c.muted()));
        selectChat(robot, "Carol");
        bob.send(bobChat, "muted hello");
        carol.send(carolChat, "marker");
        waitUntil("Bob's message arrived", () -> chatRows(robot).stream()
                .anyMatch(c -> "muted hello".equals(c.lastMessagePreview())));
        waitUntil("Carol's message shows in the open chat", () -> messageShown("marker"));
        assertThat(notificationText()).doesNotContain("muted hello");
    }

    @Test
    void theHeaderShowsTypingWhileTheOtherPersonTypes() {
        selectChat(robot, "Bob");
        bob.typing(bobChat);
        waitUntil("typing… shows", () -> "typing…".equals(text(robot, "#chatStatus")));
    }

    @Test
    void theThemeButtonSwitchesBetweenLightAndDark() {
        String before = fx(Application::getUserAgentStylesheet);
        robot.clickOn("#themeButton");
        String after = fx(Application::getUserAgentStylesheet);
        assertThat(after).isNotEqualTo(before);
        assertThat(List.of(before, after)).anyMatch(s -> s.contains("primer-dark"))
                .anyMatch(s -> s.contains("primer-light"));
    }

    @Test
    void theRowShowsTheGreenDotWhileOnlineAndLastSeenInWordsOnceTheyLeave() {
        waitUntil("Bob's row has the green dot", () -> onlineDotShown("Bob"));
        assertThat(lastSeenOf("Bob")).isEmpty();

        bob.close();
        waitUntil("Bob's row says when he was last seen", () -> lastSeenOf("Bob").startsWith("last seen "));
        assertThat(onlineDotShown("Bob")).isFalse();
        var bobRow = chatRows(robot).stream().filter(c -> c.title().equals("Bob")).findFirst().orElseThrow();
        // The same words as the chat header uses.
        assertThat(lastSeenOf("Bob")).isEqualTo(TimeFormats.system().lastSeen(bobRow.lastSeenAt()));
        selectChat(robot, "Bob");
        assertThat(text(robot, "#chatStatus")).isEqualTo(lastSeenOf("Bob"));
        // Carol is still connected: a dot, no words.
        assertThat(onlineDotShown("Carol")).isTrue();
        assertThat(lastSeenOf("Carol")).isEmpty();
    }

    private java.util.Optional<Node> chatCell(String title) {
        return robot.lookup(".chat-cell").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.control.ListCell<?> c && !c.isEmpty()
                        && c.getItem() instanceof dev.parley.desktop.core.model.ChatSummary s && s.title().equals(title))
                .findFirst();
    }

    private boolean onlineDotShown(String title) {
        return fx(() -> chatCell(title).map(cell -> cell.lookup(".online-dot").isVisible()).orElse(false));
    }

    /** The "last seen …" words on the row (empty when not shown). */
    private String lastSeenOf(String title) {
        return fx(() -> chatCell(title).map(cell -> (Label) cell.lookup(".chat-last-seen"))
                .filter(label -> label.isVisible() && label.getText() != null)
                .map(Label::getText).orElse(""));
    }

    private boolean focused(String query) {
        return fx(() -> robot.lookup(query).tryQuery().map(Node::isFocused).orElse(false));
    }

    private String badgeOf(String title) {
        return fx(() -> robot.lookup(".chat-cell").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.control.ListCell<?> c
                        && c.getItem() instanceof dev.parley.desktop.core.model.ChatSummary s && s.title().equals(title))
                .map(n -> n.lookup(".unread-badge"))
                .filter(Node::isVisible)
                .map(n -> ((Label) n).getText())
                .findFirst().orElse(""));
    }

    private String windowTitle() {
        return fx(() -> Window.getWindows().stream().filter(w -> w instanceof Stage s && s.getTitle() != null
                && s.getTitle().startsWith("Parley")).map(w -> ((Stage) w).getTitle()).findFirst().orElse(""));
    }

    /** A message row is in the list (loaded), whether scrolled into view or not. */
    private boolean messageRow(String text) {
        return rows(robot).stream().anyMatch(r -> r instanceof ChatRow.Message m && text.equals(m.message().text()));
    }

    /** A message's bubble is on screen. */
    private boolean messageShown(String text) {
        return fx(() -> UiTestSupport.messageCell(robot, text).map(this::onScreen).orElse(false));
    }

    private List<String> deviceNames() {
        return fx(() -> robot.lookup("#deviceList").queryAs(ListView.class).getItems().stream()
                .map(d -> ((dev.parley.protocol.rest.DeviceView) d).name()).toList());
    }

    private String notificationText() {
        return fx(() -> String.join(" | ", robot.lookup(".notification-bar .label").queryAll().stream()
                .map(n -> ((Label) n).getText()).filter(t -> t != null).toList()));
    }
}
