package dev.parley.desktop.ui;

import dev.parley.desktop.core.ChatService;
import dev.parley.desktop.core.model.GroupMember;
import dev.parley.desktop.ui.chat.ChatRow;
import dev.parley.desktop.ui.group.NewGroupViewModel;
import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.model.MemberRole;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.parley.desktop.ui.UiTestSupport.fx;
import static dev.parley.desktop.ui.UiTestSupport.register;
import static dev.parley.desktop.ui.UiTestSupport.rows;
import static dev.parley.desktop.ui.UiTestSupport.selectChat;
import static dev.parley.desktop.ui.UiTestSupport.showing;
import static dev.parley.desktop.ui.UiTestSupport.text;
import static dev.parley.desktop.ui.UiTestSupport.waitUntil;
import static dev.parley.desktop.ui.UiTestSupport.waitUntilOffFx;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group chats in the real app on a real server: Alice is the app; Bob, Carol and Dave are second
 * clients (the core, no UI) that she has direct chats with.
 */
class GroupChatTest {
    private static final AtomicInteger USERS = new AtomicInteger();

    @RegisterExtension
    static final HostedServer SERVER = new HostedServer();

    @TempDir
    Path home;
    @TempDir
    Path others;

    private final FxRobot robot = new FxRobot();
    private Application app;
    private String alice;
    private ChatService bob;
    private ChatService carol;
    private ChatService dave;

    @BeforeEach
    void aliceKnowsBobAndCarol() throws Exception {
        int n = USERS.incrementAndGet();
        alice = "alice" + n;
        register(home, SERVER.address(), alice, "Alice").close();
        bob = register(others.resolve("bob"), SERVER.address(), "bob" + n, "Bob");
        carol = register(others.resolve("carol"), SERVER.address(), "carol" + n, "Carol");
        dave = register(others.resolve("dave"), SERVER.address(), "dave" + n, "Dave");
        bob.startChat(alice);
        carol.startChat(alice);
        app = UiTestSupport.startApp(home);
        waitUntil("the chats are shown", () -> showing(robot, "#chatList"));
        waitUntil("the chats with Bob and Carol are listed", () -> UiTestSupport.chatRows(robot).size() == 2);
    }

    @AfterEach
    void stop() throws Exception {
        UiTestSupport.stopApp(app);
        bob.close();
        carol.close();
        dave.close();
    }

    @Test
    void ctrlGCreatesAGroupWithPeoplePickedFromChatsAndByUsername() {
        robot.press(KeyCode.CONTROL).type(KeyCode.G).release(KeyCode.CONTROL);
        waitUntil("the new-group card shows", () -> showing(robot, "#groupNameField"));
        robot.clickOn("#groupNameField").write("Trip");
        waitUntil("Bob and Carol are offered", () -> candidates().size() == 2);
        tick("@" + bob.me().username());
        robot.clickOn("#groupAddUsername").write(carol.me().username()).type(KeyCode.ENTER);
        assertThat(fx(() -> candidates().stream().filter(c -> c.pickedProperty().get())
                .map(NewGroupViewModel.Candidate::username).toList()))
                .containsExactly(bob.me().username(), carol.me().username());

        robot.clickOn("#newGroupCreate");

        waitUntil("the group is open", () -> "Trip".equals(text(robot, "#chatTitle")));
        assertThat(showing(robot, "#groupNameField")).isFalse();
        waitUntil("the chat shows who made the group and who was added", () -> notes().containsAll(List.of(
                "You created the group “Trip”", "You added Bob", "You added Carol")));
        assertThat(text(robot, "#chatStatus")).isEqualTo("3 members");
        waitUntilOffFx("Bob's client has the group", () -> bob.chats().stream()
                .anyMatch(c -> c.group() && c.title().equals("Trip")));
    }

    @Test
    void aGroupWithoutANameIsNotCreatedAndAnUnknownUsernameIsToldByName() {
        robot.press(KeyCode.CONTROL).type(KeyCode.G).release(KeyCode.CONTROL);
        waitUntil("the new-group card shows", () -> showing(robot, "#groupNameField"));
        assertThat(fx(() -> robot.lookup("#newGroupCreate").query().isDisabled())).isTrue();

        robot.clickOn("#groupNameField").write("Ghosts");
        robot.clickOn("#groupAddUsername").write("nobody_here_x").type(KeyCode.ENTER);
        robot.clickOn("#newGroupCreate");

        waitUntil("the server's refusal shows", () -> showing(robot, "#newGroupError"));
        assertThat(text(robot, "#newGroupError")).contains("nobody_here_x");
        assertThat(showing(robot, "#groupNameField")).as("the card stays open to fix it").isTrue();
    }

    @Test
    void aMessageFromAnotherMemberShowsTheirNameAboveTheBubble() {
        ConversationId group = bob.groups().createGroup("Book club", null, List.of(alice, carol.me().username()));
        selectChat(robot, "Book club");
        bob.send(group, "Chapter 3 by Friday?");

        waitUntil("Bob's message is shown with his name", () -> UiTestSupport.messageCell(robot, "Chapter 3 by Friday?")
                .map(cell -> cell.lookup(".message-sender")).map(n -> ((Label) n).getText()).orElse("").equals("Bob"));
        List<String> senderClasses = fx(() -> List.copyOf(UiTestSupport.messageCell(robot, "Chapter 3 by Friday?")
                .orElseThrow().lookup(".message-sender").getStyleClass()));
        assertThat(senderClasses).anyMatch(c -> c.matches("sender-c[0-7]"));
        waitUntil("the chat list previews it with the sender", () -> UiTestSupport.chatRows(robot).stream()
                .anyMatch(c -> c.title().equals("Book club") && "Bob: Chapter 3 by Friday?".equals(c.lastMessagePreview())));
    }

    @Test
    void addingSomeoneShowsALineInTheChatForEveryone() {
        ConversationId group = bob.groups().createGroup("Climbing", null, List.of(alice));
        selectChat(robot, "Climbing");
        waitUntil("Alice sees that Bob added her", () -> notes().contains("Bob added you"));

        bob.groups().addMembers(group, List.of(dave.me().username()));

        waitUntil("a line says Bob added Dave", () -> notes().contains("Bob added Dave"));
        waitUntil("the header counts three", () -> "3 members".equals(text(robot, "#chatStatus")));
    }

    @Test
    void theInfoPaneListsMembersWithTheirRoles() {
        ConversationId group = bob.groups().createGroup("Band", "Practice on Tuesdays", List.of(alice, carol.me().username()));
        bob.groups().changeRole(group, carol.me().id(), MemberRole.ADMIN);
        selectChat(robot, "Band");
        waitUntil("Carol's promotion is shown", () -> notes().contains("Bob made Carol an admin"));

        robot.press(KeyCode.CONTROL).type(KeyCode.I).release(KeyCode.CONTROL);

        waitUntil("the info pane lists three members", () -> members().size() == 3);
        assertThat(text(robot, "#groupInfoName")).isEqualTo("Band");
        assertThat(text(robot, "#groupInfoDescription")).isEqualTo("Practice on Tuesdays");
        assertThat(text(robot, "#groupInfoCount")).isEqualTo("3 members");
        assertThat(members()).extracting(GroupMember::displayName, GroupMember::role).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Bob", MemberRole.OWNER),
                org.assertj.core.groups.Tuple.tuple("Carol", MemberRole.ADMIN),
                org.assertj.core.groups.Tuple.tuple("Alice", MemberRole.MEMBER));
        waitUntil("role badges are shown", () -> visibleTexts(".role-badge").containsAll(List.of("Owner", "Admin")));
        assertThat(shown("#groupAddMembers")).as("a plain member gets no admin tools").isFalse();
        assertThat(shown("#groupLeave")).isTrue();
        assertThat(fx(() -> robot.lookup("#groupInfoName").queryTextInputControl().isEditable())).isFalse();
    }

    @Test
    void messageInfoShowsReadByOneAfterAnotherMemberReads() {
        ConversationId group = bob.groups().createGroup("Lunch", null, List.of(alice, carol.me().username()));
        selectChat(robot, "Lunch");
        robot.clickOn("#composeArea").write("Pizza at 1?").type(KeyCode.ENTER);
        UiTestSupport.awaitMessage(bob, group, "Pizza at 1?");
        UiTestSupport.awaitMessage(carol, group, "Pizza at 1?");
        waitUntil("the bubble is stored", () -> UiTestSupport.messageCell(robot, "Pizza at 1?")
                .map(cell -> cell.getItem() instanceof ChatRow.Message m && m.message().seq() != null).orElse(false));

        robot.rightClickOn(fx(() -> UiTestSupport.messageCell(robot, "Pizza at 1?").orElseThrow().lookup(".bubble")));
        robot.clickOn("Info");
        waitUntil("the message info shows", () -> showing(robot, "#messageInfoSummary")
                && text(robot, "#messageInfoSummary").startsWith("Delivered to"));
        assertThat(text(robot, "#messageInfoSummary")).endsWith("Read by 0");

        bob.markRead(group);

        waitUntil("it counts Bob's read, live", () -> text(robot, "#messageInfoSummary").equals("Delivered to 2 of 2 · Read by 1"));
        assertThat(listed("#messageInfoRead")).containsExactly("Bob");
        assertThat(listed("#messageInfoDelivered")).containsExactly("Carol");
    }

    @Test
    void someoneRemovedKeepsTheChatButCannotWriteInIt() {
        ConversationId group = bob.groups().createGroup("Secret", null, List.of(alice));
        selectChat(robot, "Secret");
        waitUntil("the composer is there", () -> shown("#composeArea") && !shown("#notMemberLabel"));

        bob.groups().removeMember(group, fx(() -> members(group)).stream().filter(m -> m.displayName().equals("Alice"))
                .findFirst().orElseThrow().userId());

        waitUntil("a line says Bob removed Alice", () -> notes().contains("Bob removed you"));
        waitUntil("the composer gives way", () -> shown("#notMemberLabel") && !shown("#composeArea"));
        assertThat(text(robot, "#chatStatus")).isEqualTo("You're no longer a member");
        assertThat(UiTestSupport.chatRows(robot)).anyMatch(c -> c.title().equals("Secret") && !c.active());
    }

    @Test
    void typingInAGroupSaysWho() {
        ConversationId group = bob.groups().createGroup("Chatter", null, List.of(alice, carol.me().username()));
        selectChat(robot, "Chatter");
        waitUntil("Bob is online", () -> UiTestSupport.chatRows(robot).stream().anyMatch(c -> c.title().equals("Chatter")));

        bob.typing(group);
        waitUntil("the header names Bob", () -> text(robot, "#chatStatus").equals("Bob is typing…"));
        carol.typing(group);
        waitUntil("the header names both", () -> text(robot, "#chatStatus").equals("Bob and Carol are typing…"));
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** Whether the node is on screen: it and every parent visible (a hidden box hides what is in it). */
    private boolean shown(String query) {
        return fx(() -> robot.lookup(query).tryQuery().map(node -> {
            for (Node n = node; n != null; n = n.getParent()) {
                if (!n.isVisible()) {
                    return false;
                }
            }
            return node.getScene() != null;
        }).orElse(false));
    }

    /** The lines shown in the open chat for changes to the group. */
    private List<String> notes() {
        return rows(robot).stream().filter(r -> r instanceof ChatRow.Message m && m.message().note() != null)
                .map(r -> ((ChatRow.Message) r).message().note()).toList();
    }

    @SuppressWarnings("unchecked")
    private List<NewGroupViewModel.Candidate> candidates() {
        return fx(() -> List.copyOf(robot.lookup("#groupCandidates").queryAs(ListView.class).getItems()));
    }

    private void tick(String labelPart) {
        waitUntil(labelPart + " is listed", () -> candidateCell(labelPart).isPresent());
        robot.clickOn(fx(() -> candidateCell(labelPart).orElseThrow().lookup(".check-box")));
        waitUntil(labelPart + " is ticked", () -> candidates().stream()
                .anyMatch(c -> c.label().contains(labelPart) && c.pickedProperty().get()));
    }

    private Optional<Node> candidateCell(String labelPart) {
        return robot.lookup("#groupCandidates .list-cell").queryAll().stream()
                .filter(n -> n instanceof ListCell<?> c && !c.isEmpty() && c.getItem() != null
                        && c.getItem().toString().contains(labelPart))
                .findFirst();
    }

    @SuppressWarnings("unchecked")
    private List<GroupMember> members() {
        return fx(() -> List.copyOf(robot.lookup("#groupMembers").queryAs(ListView.class).getItems()));
    }

    private List<GroupMember> members(ConversationId group) {
        return bob.groups().groupInfo(group).members();
    }

    @SuppressWarnings("unchecked")
    private List<String> listed(String query) {
        return fx(() -> List.copyOf(robot.lookup(query).queryAs(ListView.class).getItems()));
    }

    private List<String> visibleTexts(String query) {
        return fx(() -> robot.lookup(query).queryAll().stream().filter(Node::isVisible)
                .map(n -> ((Label) n).getText()).toList());
    }
}
