package dev.parley.desktop.ui;

import dev.parley.desktop.core.ChatService;
import dev.parley.desktop.core.PictureEncoder;
import dev.parley.desktop.core.PictureEncoderTest;
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
import javafx.geometry.Bounds;
import javafx.scene.control.MenuButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.MenuItem;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
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

    @Test
    void aPictureSetByAnotherMemberShowsInTheHeaderAndTheChatList() {
        ConversationId group = bob.groups().createGroup("Photos", null, List.of(alice));
        selectChat(robot, "Photos");
        assertThat(shown("#chatAvatarImage")).as("initials until there is a picture").isFalse();

        bob.groups().setPicture(group, PictureEncoder.encode(PictureEncoderTest.noisyPhoto(300, 200, 11)));

        waitUntil("the header shows the picture", () -> shown("#chatAvatarImage")
                && robot.lookup("#chatAvatarImage").queryAs(ImageView.class).getImage() != null);
        waitUntil("the chat list row shows it too", () -> robot.lookup("#chatList .avatar-picture").queryAll().stream()
                .anyMatch(n -> n.isVisible() && ((ImageView) n).getImage() != null));

        bob.groups().removePicture(group);
        waitUntil("the header goes back to initials", () -> !shown("#chatAvatarImage"));
    }

    @Test
    void leavingAsksFirstEscapeCancelsAndEnterLeaves() {
        ConversationId group = bob.groups().createGroup("Trip", null, List.of(alice, carol.me().username()));
        selectChat(robot, "Trip");
        robot.press(KeyCode.CONTROL).type(KeyCode.I).release(KeyCode.CONTROL);
        waitUntil("the info pane lists three members", () -> members().size() == 3);

        noNotifications();
        clickInPane("#groupLeave");
        waitUntil("the pane asks", () -> shown("#groupLeaveQuestion"));
        assertThat(text(robot, "#groupLeaveQuestion"))
                .isEqualTo("Leave “Trip”? You'll keep the messages so far but stop receiving new ones.");
        robot.type(KeyCode.ESCAPE);
        waitUntil("the question is gone", () -> !shown("#groupLeaveQuestion"));
        assertThat(shown("#groupInfoName")).as("Esc answered the question, the pane stays").isTrue();
        assertThat(shown("#groupLeave")).isTrue();
        assertThat(bob.groups().refreshGroup(group).members()).hasSize(3);

        clickInPane("#groupLeave");
        waitUntil("the pane asks again", () -> shown("#groupLeaveConfirm"));
        robot.type(KeyCode.ENTER);

        waitUntil("Alice left", () -> notes().contains("You left"));
        waitUntilOffFx("Bob sees two members", () -> bob.groups().refreshGroup(group).members().size() == 2);
    }

    @Test
    void joiningByLinkAGroupThatWantsApprovalSaysSoAndTheGroupAppearsOnceApproved() {
        ConversationId group = bob.groups().createGroup("Quiet room", null, List.of(carol.me().username()));
        bob.groups().updateGroup(group, null, null, true);
        String link = bob.groups().groupInviteLink(group).orElseGet(() -> bob.groups().newGroupInviteLink(group));

        robot.press(KeyCode.CONTROL).type(KeyCode.N).release(KeyCode.CONTROL);
        waitUntil("the new-chat card shows", () -> showing(robot, "#newChatField"));
        robot.clickOn("#newChatField").write(link).type(KeyCode.ENTER);

        waitUntil("a notice says an admin will let Alice in", () -> shown("#newChatNotice"));
        assertThat(text(robot, "#newChatNotice")).isEqualTo("Asked to join “Quiet room”. An admin will let you in.");
        assertThat(shown("#newChatError")).as("no red error line").isFalse();
        assertThat(UiTestSupport.chatRows(robot)).noneMatch(c -> c.title().equals("Quiet room"));

        var request = bob.groups().joinRequests(group).getFirst();
        assertThat(request.user().username()).isEqualTo(alice);
        bob.groups().approveJoin(group, request.user().id());

        waitUntil("the group appears in Alice's list", () -> UiTestSupport.chatRows(robot).stream()
                .anyMatch(c -> c.title().equals("Quiet room") && c.active()));
        noNotifications();
        robot.type(KeyCode.ESCAPE);
        waitUntil("Esc closes the card", () -> !shown("#newChatField"));
        selectChat(robot, "Quiet room");
        waitUntil("the chat says Bob let her in", () -> notes().contains("Bob added you"));
        waitUntil("the header counts three", () -> "3 members".equals(text(robot, "#chatStatus")));
    }

    @Test
    void theInviteLinkIsCopiedReplacedAndRevokedFromThePane() {
        ConversationId group = groupAliceOwns("Links");
        openInfo();
        waitUntil("the link is shown", () -> text(robot, "#groupInviteLink").contains("/join/"));
        String first = text(robot, "#groupInviteLink");

        clickInPane("#groupCopyLink");
        assertThat(fx(() -> Clipboard.getSystemClipboard().getString())).isEqualTo(first);
        assertThat(first).isEqualTo(bob.groups().groupInviteLink(group).orElseThrow());

        clickInPane("#groupNewLink");
        waitUntil("a new link is shown", () -> text(robot, "#groupInviteLink").contains("/join/")
                && !text(robot, "#groupInviteLink").equals(first));
        assertThat(bob.groups().groupInviteLink(group)).contains(text(robot, "#groupInviteLink"));

        clickInPane("#groupRevokeLink");
        waitUntil("the link is gone", () -> !text(robot, "#groupInviteLink").contains("/join/"));
        assertThat(fx(() -> robot.lookup("#groupCopyLink").query().isDisabled())).isTrue();
        assertThat(bob.groups().groupInviteLink(group)).isEmpty();
    }

    @Test
    void anAdminApprovesAJoinRequestFromThePane() {
        ConversationId group = groupAliceOwns("Door");
        bob.groups().updateGroup(group, null, null, true);
        String link = bob.groups().groupInviteLink(group).orElseGet(() -> bob.groups().newGroupInviteLink(group));
        openInfo();

        assertThat(dave.groups().joinGroup(link).pending()).isTrue();

        String approve = "#approve-" + dave.me().username();
        waitUntil("Dave's request is listed", () -> shown(approve));
        assertThat(text(robot, "#groupRequestsLabel")).isEqualTo("1 person asked to join");
        noNotifications(); // "Dave asks to join" pops up where the button is
        clickInPane(approve);

        waitUntil("Dave is a member", () -> members().stream().anyMatch(m -> m.displayName().equals("Dave")));
        waitUntil("the request is gone", () -> !shown("#groupRequestsLabel"));
        waitUntilOffFx("Dave's client has the group", () -> dave.chats().stream().anyMatch(c -> c.id().equals(group)));
    }

    @Test
    void theOwnersMemberMenuOffersAdminActionsAndRemoveRemoves() {
        groupAliceOwns("Crew");
        openInfo();

        assertThat(menuOf("Carol")).containsExactly("Make admin", "Make owner", "Remove from group");
        assertThat(menuOf("Bob")).as("Bob is an admin since the hand-over")
                .containsExactly("Dismiss as admin", "Make owner", "Remove from group");
        assertThat(fx(() -> memberMenu("Alice").isVisible())).as("nothing to do to oneself").isFalse();

        robot.clickOn(fx(() -> memberMenu("Carol")));
        robot.clickOn("Remove from group");

        waitUntil("Carol is no longer listed", () -> members().stream().noneMatch(m -> m.displayName().equals("Carol")));
        waitUntil("a line says so", () -> notes().contains("You removed Carol"));
    }

    @Test
    void aPlainMemberSeesNoAdminActions() {
        bob.groups().createGroup("Readers", null, List.of(alice, carol.me().username()));
        selectChat(robot, "Readers");
        openInfo();

        for (String name : List.of("Bob", "Carol", "Alice")) {
            assertThat(fx(() -> memberMenu(name).isVisible())).as(name + "'s menu").isFalse();
            assertThat(menuOf(name)).as(name + "'s menu").isEmpty();
        }
        assertThat(shown("#groupInviteLink")).isFalse();
        assertThat(shown("#groupPictureChange")).isFalse();
    }

    // --- helpers ---------------------------------------------------------------------------------

    /**
     * Waits until no notification shows: a notification's popup takes the keyboard (in the headless
     * platform at least), so keys typed meanwhile would not reach the window.
     */
    private void noNotifications() {
        waitUntil("no notification shows", () -> robot.lookup(".notification-bar").queryAll().stream()
                .noneMatch(n -> n.getScene() != null && n.getScene().getWindow() != null
                        && n.getScene().getWindow().isShowing()));
    }

    /** Scrolls the info pane to the node, then clicks it. */
    private void clickInPane(String query) {
        fx(() -> {
            Node node = robot.lookup(query).query();
            ScrollPane scroll = robot.lookup(".group-info .scroll-pane").queryAs(ScrollPane.class);
            Node content = scroll.getContent();
            Bounds at = content.sceneToLocal(node.localToScene(node.getBoundsInLocal()));
            double hidden = content.getBoundsInLocal().getHeight() - scroll.getViewportBounds().getHeight();
            if (hidden > 0) {
                scroll.setVvalue(Math.clamp((at.getMinY() - 20) / hidden, 0.0, 1.0));
            }
            return null;
        });
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(query);
    }

    /** Bob makes a group with Alice and Carol and hands it to Alice (he stays an admin); it is open. */
    private ConversationId groupAliceOwns(String name) {
        ConversationId group = bob.groups().createGroup(name, null, List.of(alice, carol.me().username()));
        var aliceId = members(group).stream().filter(m -> m.username().equals(alice)).findFirst().orElseThrow().userId();
        bob.groups().changeRole(group, aliceId, MemberRole.OWNER);
        selectChat(robot, name);
        waitUntil("Alice is the owner", () -> notes().contains("Bob made you the owner"));
        return group;
    }

    private void openInfo() {
        robot.press(KeyCode.CONTROL).type(KeyCode.I).release(KeyCode.CONTROL);
        waitUntil("the info pane lists three members", () -> members().size() == 3 && showing(robot, "#groupMembers"));
        waitUntil("the member rows are drawn", () -> robot.lookup("#groupMembers .member-cell").queryAll().stream()
                .filter(n -> n instanceof ListCell<?> c && !c.isEmpty()).count() == 3);
    }

    private MenuButton memberMenu(String displayName) {
        return robot.lookup("#groupMembers .member-cell").queryAll().stream()
                .filter(n -> n instanceof ListCell<?> c && !c.isEmpty() && c.getItem() instanceof GroupMember m
                        && m.displayName().equals(displayName))
                .map(n -> (MenuButton) n.lookup(".member-menu")).findFirst().orElseThrow();
    }

    private List<String> menuOf(String displayName) {
        return fx(() -> memberMenu(displayName).getItems().stream().map(MenuItem::getText).toList());
    }

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
