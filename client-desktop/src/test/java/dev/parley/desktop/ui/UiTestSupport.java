package dev.parley.desktop.ui;

import dev.parley.desktop.app.ParleyDesktopApp;
import dev.parley.desktop.core.ChatService;
import dev.parley.desktop.core.ParleyAccounts;
import dev.parley.desktop.core.model.ChatMessage;
import dev.parley.desktop.core.model.ChatSummary;
import dev.parley.desktop.ui.chat.ChatRow;
import dev.parley.protocol.ids.ConversationId;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts the real app on a real in-process server and finds things in it. Lookups run on the FX
 * thread; waits poll until the UI shows what is expected.
 */
public final class UiTestSupport {
    public static final String PASSWORD = "correct horse battery";
    public static final long TIMEOUT_SECONDS = 20;

    private UiTestSupport() {
    }

    public static Application startApp(Path home) throws TimeoutException {
        FxToolkit.registerPrimaryStage();
        Application app = FxToolkit.setupApplication(() -> new ParleyDesktopApp(home, new ParleyAccounts(home)));
        WaitForAsyncUtils.waitForFxEvents();
        return app;
    }

    public static void stopApp(Application app) throws TimeoutException {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
            FxToolkit.cleanupStages();
        }
    }

    /** Registers {@code username} with the data folder {@code home} (its session is saved there). */
    public static ChatService register(Path home, URI server, String username, String displayName) {
        return new ParleyAccounts(home).register(server, username, displayName, PASSWORD, displayName + "'s test device");
    }

    /** Bob (a second client, left open) wrote to Alice; Alice's cache has it and her client is closed, ready for the app. */
    public record BobWroteToAlice(ChatService bob, ConversationId chat, String aliceUserId) {
    }

    public static BobWroteToAlice bobWroteToAlice(Path aliceHome, Path bobHome, URI server, String text) {
        ChatService alice = register(aliceHome, server, "alice", "Alice");
        ChatService bob = register(bobHome, server, "bob", "Bob");
        ConversationId chat = bob.startChat("alice");
        bob.send(chat, text);
        waitUntilOffFx("Alice's cache has Bob's message", () -> alice.messages(chat, null, 10).stream()
                .anyMatch(m -> text.equals(m.text())));
        String aliceUserId = alice.me().id().toString();
        alice.close();
        return new BobWroteToAlice(bob, chat, aliceUserId);
    }

    public static <T> T fx(Callable<T> query) {
        try {
            return WaitForAsyncUtils.asyncFx(query).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("FX query failed", e);
        }
    }

    public static void waitUntil(String what, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS, () -> {
                Boolean met = WaitForAsyncUtils.asyncFx(condition).get(5, TimeUnit.SECONDS);
                return Boolean.TRUE.equals(met);
            });
        } catch (TimeoutException e) {
            throw new AssertionError("Timed out waiting until " + what + "; the screen: " + describeScreen(), e);
        }
    }

    /** What the window shows, for failure messages. */
    @SuppressWarnings("unchecked")
    static String describeScreen() {
        try {
            return fx(() -> {
                FxRobot robot = new FxRobot();
                StringBuilder text = new StringBuilder();
                robot.lookup("#chatList").tryQuery().ifPresent(list -> ((ListView<ChatSummary>) list).getItems()
                        .forEach(c -> text.append("\n  chat ").append(c.title()).append(" | ").append(c.lastMessagePreview())
                                .append(" | unread ").append(c.unread()).append(" | ").append(c.lastActivity())));
                robot.lookup("#chatTitle").tryQuery().ifPresent(t -> text.append("\n  open: ").append(((Label) t).getText()));
                robot.lookup("#connectionBanner").tryQuery().ifPresent(b -> text.append("\n  banner visible: ").append(b.isVisible()));
                robot.lookup(".label").queryAll().stream().filter(Node::isVisible).map(n -> ((Label) n).getText())
                        .filter(t -> t != null && !t.isBlank()).limit(40).forEach(t -> text.append("\n  label: ").append(t));
                return text.toString();
            });
        } catch (AssertionError e) {
            return "(could not read the screen)";
        }
    }

    public static void waitUntilOffFx(String what, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS, condition);
        } catch (TimeoutException e) {
            throw new AssertionError("Timed out waiting until " + what, e);
        }
    }

    public static <T extends Node> Optional<T> find(FxRobot robot, String query) {
        return fx(() -> robot.lookup(query).tryQuery());
    }

    public static boolean showing(FxRobot robot, String query) {
        return fx(() -> robot.lookup(query).tryQuery().map(n -> n.isVisible() && n.getScene() != null).orElse(false));
    }

    public static String text(FxRobot robot, String query) {
        return fx(() -> robot.lookup(query).tryQuery().map(n -> n instanceof Label l ? l.getText()
                : n instanceof javafx.scene.control.TextInputControl t ? t.getText() : "").orElse(""));
    }

    public static String composeText(FxRobot robot) {
        return fx(() -> robot.lookup("#composeArea").queryAs(TextArea.class).getText());
    }

    /** The style classes of the ticks on the shown bubble with this text (empty when not shown). */
    public static List<String> ticksOf(FxRobot robot, String messageText) {
        return fx(() -> messageCell(robot, messageText)
                .map(cell -> cell.lookup(".ticks"))
                .map(ticks -> List.copyOf(ticks.getStyleClass()))
                .orElse(List.of()));
    }

    @SuppressWarnings("unchecked")
    static Optional<ListCell<ChatRow>> messageCell(FxRobot robot, String messageText) {
        return robot.lookup(".message-cell").queryAll().stream()
                .map(node -> (ListCell<ChatRow>) node)
                .filter(cell -> cell.getItem() instanceof ChatRow.Message m && !cell.isEmpty()
                        && messageText.equals(m.message().text()))
                .findFirst();
    }

    @SuppressWarnings("unchecked")
    public static List<ChatRow> rows(FxRobot robot) {
        return fx(() -> List.copyOf(robot.lookup("#messageList").queryAs(ListView.class).getItems()));
    }

    @SuppressWarnings("unchecked")
    public static List<ChatSummary> chatRows(FxRobot robot) {
        return fx(() -> List.copyOf(robot.lookup("#chatList").queryAs(ListView.class).getItems()));
    }

    public static void selectChat(FxRobot robot, String title) {
        // The list's items change first; its cells show them only after the next layout pulse.
        waitUntil("the chat with " + title + " is listed", () -> chatCell(robot, title).isPresent());
        robot.clickOn(fx(() -> chatCell(robot, title).orElseThrow()));
        waitUntil("the chat with " + title + " is open", () -> title.equals(text(robot, "#chatTitle")));
    }

    private static Optional<Node> chatCell(FxRobot robot, String title) {
        return robot.lookup(".chat-cell").queryAll().stream()
                .filter(n -> n instanceof ListCell<?> c && !c.isEmpty() && c.getItem() instanceof ChatSummary s
                        && s.title().equals(title))
                .findFirst();
    }

    /** Waits until the other client has a message with this text and returns it. */
    public static ChatMessage awaitMessage(ChatService client, ConversationId chat, String text) {
        ChatMessage[] found = new ChatMessage[1];
        waitUntilOffFx("the other client has \"" + text + "\"", () -> {
            Optional<ChatMessage> match = client.messages(chat, null, 100).stream()
                    .filter(m -> text.equals(m.text())).findFirst();
            match.ifPresent(m -> found[0] = m);
            return match.isPresent();
        });
        return found[0];
    }
}
