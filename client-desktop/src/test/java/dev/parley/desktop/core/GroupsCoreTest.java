package dev.parley.desktop.core;

import dev.parley.desktop.core.model.ChatEvent;
import dev.parley.desktop.core.model.ChatMessage;
import dev.parley.desktop.core.model.ChatSummary;
import dev.parley.desktop.core.model.DeliveryStatus;
import dev.parley.desktop.core.model.GroupInfo;
import dev.parley.desktop.core.model.GroupMember;
import dev.parley.desktop.core.model.GroupPicture;
import dev.parley.desktop.core.model.JoinOutcome;
import dev.parley.desktop.core.model.Receipts;
import dev.parley.desktop.host.LocalServerHost;
import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.model.MemberRole;
import dev.parley.protocol.model.UserView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.parley.desktop.core.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The client core's group features, headless, against a real server (one for the class). */
class GroupsCoreTest {
    private static Path temp;
    private static LocalServerHost server;

    private final TestClients clients = new TestClients(temp, () -> server.localAddress());

    @BeforeAll
    static void startServer() throws IOException {
        temp = Files.createTempDirectory("parley-groups-core-");
        server = LocalServerHost.start(temp.resolve("server"), 0);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }

    private ChatService register(String name) {
        return clients.register(name);
    }

    private ChatService resume(ChatService client) {
        return clients.resume(client);
    }

    private static List<String> notes(ChatService client, ConversationId chat) {
        return client.messages(chat, null, 200).stream().map(ChatMessage::note).filter(n -> n != null).toList();
    }

    private static boolean has(ChatService client, ConversationId chat) {
        return client.chats().stream().anyMatch(c -> c.id().equals(chat));
    }

    @Test
    void creatingAGroupMakesTheCreatorOwnerAndTellsEveryMember() {
        ChatService ana = register("Ana");
        ChatService ben = register("Ben");
        ChatService cy = register("Cy");

        ConversationId trip = ana.groups().createGroup("Trip", "Lisbon in May", List.of(ben.me().username(), cy.me().username()));

        GroupInfo info = ana.groups().groupInfo(trip);
        assertThat(info.name()).isEqualTo("Trip");
        assertThat(info.description()).isEqualTo("Lisbon in May");
        assertThat(info.myRole()).isEqualTo(MemberRole.OWNER);
        assertThat(info.members()).extracting(GroupMember::displayName, GroupMember::role).containsExactly(
                tuple("Ana", MemberRole.OWNER), tuple("Ben", MemberRole.MEMBER), tuple("Cy", MemberRole.MEMBER));
        await("Ben has the group with its history", () -> has(ben, trip)
                && notes(ben, trip).equals(List.of("Ana created the group “Trip”", "Ana added you", "Ana added Cy")));
        await("Ana has the lines too", () -> notes(ana, trip).equals(
                List.of("You created the group “Trip”", "You added Ben", "You added Cy")));
        ChatSummary row = ben.chats().stream().filter(c -> c.id().equals(trip)).findFirst().orElseThrow();
        assertThat(row.group()).isTrue();
        assertThat(row.title()).isEqualTo("Trip");
        assertThat(row.memberCount()).isEqualTo(3);
        assertThat(row.lastMessagePreview()).isEqualTo("Ana added Cy");
    }

    @Test
    void anUnknownUsernameIsRefusedByName() {
        ChatService ana = register("Ana");
        assertThatThrownBy(() -> ana.groups().createGroup("Trip", null, List.of("nobody_at_all")))
                .isInstanceOf(ClientException.class).hasMessageContaining("nobody_at_all");
        assertThat(ana.chats()).isEmpty();
    }

    @Test
    void contactsAreThePeopleOfOnesDirectChats() {
        ChatService ana = register("Ana");
        ChatService ben = register("Ben");
        ChatService cy = register("Cy");
        ana.startChat(ben.me().username());
        ConversationId group = cy.groups().createGroup("Only a group", null, List.of(ana.me().username()));
        await("Ana has the group", () -> has(ana, group));

        assertThat(ana.groups().contacts()).extracting(UserView::displayName).containsExactly("Ben");
    }

    @Test
    void groupMessagesNameTheirSenderAndTicksCountOnlyRecipients() {
        ChatService ana = register("Ana");
        ChatService ben = register("Ben");
        ChatService cy = register("Cy");
        ConversationId group = ana.groups().createGroup("Tea", null, List.of(ben.me().username()));
        await("Ben has the group", () -> has(ben, group));

        ana.send(group, "Earl Grey?");
        ChatMessage atBen = awaitText(ben, group, "Earl Grey?");
        assertThat(atBen.senderName()).isEqualTo("Ana");
        assertThat(atBen.group()).isTrue();
        await("Ben's list previews with the sender", () -> ben.chats().stream()
                .anyMatch(c -> c.id().equals(group) && "Ana: Earl Grey?".equals(c.lastMessagePreview())));

        ben.markRead(group);
        await("read by Ben, the only recipient", () -> statusOf(ana, group, "Earl Grey?") == DeliveryStatus.READ);

        // Cy joins after the message: not one of its recipients, so the ticks stay blue.
        ana.groups().addMembers(group, List.of(cy.me().username()));
        await("Ana knows Cy is in", () -> ana.groups().groupInfo(group).members().size() == 3);
        assertThat(statusOf(ana, group, "Earl Grey?")).isEqualTo(DeliveryStatus.READ);
        Receipts receipts = ana.groups().receipts(group, seqOf(ana, group, "Earl Grey?"), true);
        assertThat(receipts.summary()).isEqualTo("Delivered to 1 of 1 · Read by 1");
        assertThat(receipts.readBy()).extracting(UserView::displayName).containsExactly("Ben");
        await("Cy has the group from the entry that added him on", () -> has(cy, group)
                && notes(cy, group).equals(List.of("Ana added you")));
        assertThat(cy.messages(group, null, 50)).noneMatch(m -> "Earl Grey?".equals(m.text()));
    }

    @Test
    void receiptsListWhoReadWhoHasItAndWhoIsWaiting() {
        ChatService ana = register("Ana");
        ChatService ben = register("Ben");
        ChatService cy = register("Cy");
        ChatService dee = register("Dee");
        ConversationId group = ana.groups().createGroup("Office", null,
                List.of(ben.me().username(), cy.me().username(), dee.me().username()));
        await("everyone has the group", () -> has(ben, group) && has(cy, group) && has(dee, group));
        dee.close();

        ana.send(group, "Standup moved to 10");
        awaitText(ben, group, "Standup moved to 10");
        awaitText(cy, group, "Standup moved to 10");
        ben.markRead(group);
        long seq = seqOf(ana, group, "Standup moved to 10");

        Receipts receipts = Eventually.awaitValue("Ben's read reached the server",
                () -> ana.groups().receipts(group, seq, true), r -> r.readBy().size() == 1 && r.deliveredTo().size() == 1);
        assertThat(receipts.summary()).isEqualTo("Delivered to 2 of 3 · Read by 1");
        assertThat(receipts.readBy()).extracting(UserView::displayName).containsExactly("Ben");
        assertThat(receipts.deliveredTo()).extracting(UserView::displayName).containsExactly("Cy");
        assertThat(receipts.waiting()).extracting(UserView::displayName).containsExactly("Dee");
    }

    @Test
    void rolesRenamesAndRemovalsAreLinesForEveryoneAndTheRemovedKeepAReadOnlyChat() {
        ChatService ana = register("Ana");
        ChatService ben = register("Ben");
        ChatService cy = register("Cy");
        ConversationId group = ana.groups().createGroup("Band", null, List.of(ben.me().username(), cy.me().username()));
        await("the others have the group", () -> has(ben, group) && has(cy, group));

        ana.groups().changeRole(group, ben.me().id(), MemberRole.ADMIN);
        ana.groups().updateGroup(group, "The Band", null, null);
        ben.groups().removeMember(group, cy.me().id());

        await("Cy sees it all, up to his removal", () -> notes(cy, group).containsAll(List.of(
                "Ana made Ben an admin", "Ana renamed the group to “The Band”", "Ben removed you")));
        await("Cy's chat is read-only", () -> cy.chats().stream().anyMatch(c -> c.id().equals(group) && !c.active()));
        assertThat(cy.groups().groupInfo(group).active()).isFalse();
        assertThatThrownBy(() -> cy.send(group, "wait!")).isInstanceOf(ClientException.class)
                .hasMessageContaining("no longer a member");
        await("Ana sees the new name and two members", () -> ana.groups().groupInfo(group).name().equals("The Band")
                && ana.groups().groupInfo(group).members().size() == 2);
        // The new view and the removal entry arrive as separate frames: either may be applied first.
        await("Ana sees Ben removed Cy", () -> notes(ana, group).contains("Ben removed Cy"));
        assertThat(ana.groups().groupInfo(group).members()).extracting(GroupMember::displayName, GroupMember::role)
                .containsExactly(tuple("Ana", MemberRole.OWNER), tuple("Ben", MemberRole.ADMIN));
    }

    @Test
    void aPlainMemberIsToldThatOnlyAdminsMayAdd() {
        ChatService ana = register("Ana");
        ChatService ben = register("Ben");
        ChatService cy = register("Cy");
        ConversationId group = ana.groups().createGroup("Band", null, List.of(ben.me().username()));
        await("Ben has the group", () -> has(ben, group));

        assertThatThrownBy(() -> ben.groups().addMembers(group, List.of(cy.me().username())))
                .isInstanceOf(ClientException.class).hasMessageContaining("admin");
    }

    @Test
    void handingOverOwnershipAndLeaving() {
        ChatService ana = register("Ana");
        ChatService ben = register("Ben");
        ConversationId group = ana.groups().createGroup("Club", null, List.of(ben.me().username()));
        await("Ben has the group", () -> has(ben, group));

        ana.groups().changeRole(group, ben.me().id(), MemberRole.OWNER);
        assertThat(ana.groups().groupInfo(group).myRole()).isEqualTo(MemberRole.ADMIN);
        await("Ben reads the hand-over", () -> notes(ben, group).containsAll(List.of("Ana made you the owner",
                "Ana is now an admin")));

        ana.groups().leaveGroup(group);
        assertThat(ana.groups().groupInfo(group).active()).isFalse();
        await("Ana's chat ends with her leaving", () -> notes(ana, group).getLast().equals("You left"));
        await("Ben sees Ana leave", () -> notes(ben, group).contains("Ana left")
                && ben.groups().groupInfo(group).members().size() == 1);
    }

    @Test
    void joiningByLinkDirectlyOrAfterApproval() throws Exception {
        ChatService ana = register("Ana");
        ChatService ben = register("Ben");
        ChatService cy = register("Cy");
        ConversationId group = ana.groups().createGroup("Open group", null, List.of());
        String link = ana.groups().groupInviteLink(group).orElseGet(() -> ana.groups().newGroupInviteLink(group));
        assertThat(link).contains("/join/");

        var preview = ben.groups().previewGroupInvite(link);
        assertThat(preview.name()).isEqualTo("Open group");
        assertThat(preview.alreadyMember()).isFalse();
        // The new-chat box takes a group link too.
        ConversationId joined = ben.startChat(link);
        assertThat(joined).isEqualTo(group);
        await("Ana sees Ben join by link", () -> notes(ana, group).contains("Ben joined using the invite link"));

        ana.groups().updateGroup(group, null, null, true);
        List<ChatEvent> anaEvents = new CopyOnWriteArrayList<>();
        ana.subscribe(anaEvents::add);
        JoinOutcome asked = cy.groups().joinGroup(link);
        assertThat(asked.pending()).isTrue();
        assertThat(asked.groupName()).isEqualTo("Open group");
        await("Ana is told Cy asks to join", () -> anaEvents.stream().anyMatch(e -> e instanceof ChatEvent.JoinRequested r
                && r.user().id().equals(cy.me().id()) && r.groupName().equals("Open group")));
        assertThat(ana.groups().joinRequests(group)).extracting(r -> r.user().username()).containsExactly(cy.me().username());

        ana.groups().approveJoin(group, cy.me().id());
        await("Cy has the group", () -> has(cy, group));
        assertThat(ana.groups().joinRequests(group)).isEmpty();

        ana.groups().revokeGroupInviteLink(group);
        assertThat(ana.groups().groupInviteLink(group)).isEmpty();
        assertThatThrownBy(() -> register("Dee").groups().previewGroupInvite(link)).isInstanceOf(ClientException.class);
    }

    @Test
    void aPictureSetByAnAdminReachesAnotherMembersClientWithTheSameBytes() {
        ChatService ana = register("Ana");
        ChatService ben = register("Ben");
        ConversationId group = ana.groups().createGroup("Pictures", null, List.of(ben.me().username()));
        await("Ben has the group", () -> has(ben, group));
        GroupPicture picture = PictureEncoder.encode(PictureEncoderTest.noisyPhoto(900, 600, 7));

        ana.groups().setPicture(group, picture);

        String tag = ana.groups().groupInfo(group).avatarTag();
        assertThat(tag).isNotNull();
        await("Ben's chat list names the new picture", () -> ben.chats().stream()
                .anyMatch(c -> c.id().equals(group) && tag.equals(c.avatarTag())));
        assertThat(ben.groups().groupInfo(group).avatarTag()).isEqualTo(tag);
        GroupPicture atBen = ben.groups().picture(group).orElseThrow();
        assertThat(atBen.image()).isEqualTo(picture.image());
        assertThat(atBen.contentType()).isEqualTo(picture.contentType());

        ana.groups().removePicture(group);
        await("Ben's list shows no picture", () -> ben.chats().stream()
                .anyMatch(c -> c.id().equals(group) && c.avatarTag() == null));
        assertThat(ben.groups().picture(group)).isEmpty();
    }

    @Test
    void aPlainMemberCannotSetThePicture() {
        ChatService ana = register("Ana");
        ChatService ben = register("Ben");
        ConversationId group = ana.groups().createGroup("Admins only", null, List.of(ben.me().username()));
        await("Ben has the group", () -> has(ben, group));

        assertThatThrownBy(() -> ben.groups().setPicture(group, PictureEncoder.encode(
                PictureEncoderTest.noisyPhoto(64, 64, 3)))).isInstanceOf(ClientException.class)
                .extracting(e -> ((ClientException) e).code()).isEqualTo("not_group_admin");
        assertThat(ana.groups().groupInfo(group).avatarTag()).isNull();
    }

    @Test
    void peopleWhoCameAndWentWhileADeviceWasOfflineAreNamedWhenItSyncs() {
        ChatService alice = register("Alice");
        ChatService bob = register("Bob");
        ChatService dave = register("Dave");
        ConversationId group = bob.groups().createGroup("Book club", null, List.of(alice.me().username()));
        await("Alice has the group", () -> has(alice, group));
        alice.close();

        bob.groups().addMembers(group, List.of(dave.me().username()));
        await("Dave has the group", () -> has(dave, group));
        dave.send(group, "Hi all, just passing through");
        awaitText(bob, group, "Hi all, just passing through");
        bob.groups().removeMember(group, dave.me().id());
        await("Bob sees Dave removed", () -> notes(bob, group).contains("You removed Dave"));

        // Alice's device comes back: the group's view lists only Bob and her, yet her lines name Dave.
        ChatService aliceAgain = resume(alice);
        await("Alice's lines name Dave", () -> notes(aliceAgain, group).containsAll(
                List.of("Bob added Dave", "Bob removed Dave")));
        assertThat(notes(aliceAgain, group)).noneMatch(n -> n.contains("Someone") || n.contains("someone"));
        assertThat(awaitText(aliceAgain, group, "Hi all, just passing through").senderName()).isEqualTo("Dave");
        await("Alice's list previews with Dave's name", () -> aliceAgain.chats().stream()
                .anyMatch(c -> c.id().equals(group) && "Bob removed Dave".equals(c.lastMessagePreview())));
        assertThat(aliceAgain.groups().groupInfo(group).members()).extracting(GroupMember::displayName)
                .containsExactlyInAnyOrder("Alice", "Bob");
    }

    private static ChatMessage awaitText(ChatService client, ConversationId chat, String text) {
        return Eventually.awaitValue(client.me().displayName() + " has \"" + text + "\"",
                () -> client.messages(chat, null, 100).stream().filter(m -> text.equals(m.text())).findFirst().orElse(null),
                m -> m != null && m.seq() != null);
    }

    private static long seqOf(ChatService client, ConversationId chat, String text) {
        return awaitText(client, chat, text).seq();
    }

    private static DeliveryStatus statusOf(ChatService client, ConversationId chat, String text) {
        return client.messages(chat, null, 100).stream().filter(m -> text.equals(m.text())).findFirst()
                .map(ChatMessage::status).orElse(null);
    }
}
