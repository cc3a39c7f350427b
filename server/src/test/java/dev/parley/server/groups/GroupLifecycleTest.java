package dev.parley.server.groups;

import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MemberRole;
import dev.parley.protocol.model.MemberView;
import dev.parley.protocol.model.MessageKind;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.model.SyncCursor;
import dev.parley.protocol.rest.HistoryPage;
import dev.parley.protocol.ws.ClientFrame;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.support.Backend;
import dev.parley.server.support.DeviceSocketClient;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.ParleyClient.Account;
import dev.parley.server.support.ParleyClient.Response;
import dev.parley.server.support.ParleyClient.Session;
import dev.parley.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A group from creation to its members leaving: the log entries, the views, and who hears what. */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class GroupLifecycleTest {
    @Parameter
    Backend backend;

    private ParleyClient client;
    private Session ana;
    private Session ben;
    private Session cai;
    private Account dee;

    @BeforeEach
    void people() {
        client = TestServer.shared(backend).client();
        ana = client.login(client.register("ana"), "Laptop");
        ben = client.login(client.register("ben"), "Laptop");
        cai = client.login(client.register("cai"), "Laptop");
        dee = client.register("dee");
    }

    @Test
    void creatingAGroupMakesTheCreatorOwnerAndWritesTheMembershipIntoTheLog() {
        try (DeviceSocketClient benSocket = client.connect(ben)) {
            ConversationView group = client.createGroup(ana, "Trip to Lisbon", ben.account().username(),
                    cai.account().username());

            assertThat(group.isGroup()).isTrue();
            assertThat(group.name()).isEqualTo("Trip to Lisbon");
            assertThat(group.active()).isTrue();
            assertThat(roles(group)).containsExactlyInAnyOrderEntriesOf(Map.of(
                    ana.userId(), MemberRole.OWNER, ben.userId(), MemberRole.MEMBER, cai.userId(), MemberRole.MEMBER));
            assertThat(group.lastSeq()).isEqualTo(4);

            ServerFrame.Conversation pushed = benSocket.await(ServerFrame.Conversation.class,
                    c -> c.conversation().id().equals(group.id()));
            assertThat(pushed.conversation().name()).isEqualTo("Trip to Lisbon");
            List<MessageView> log = history(ben, group);
            assertThat(log).extracting(MessageView::kind).containsExactly(MessageKind.MEMBER_JOINED,
                    MessageKind.MEMBER_JOINED, MessageKind.MEMBER_JOINED, MessageKind.GROUP_CREATED);
            assertThat(log.getLast().text()).isEqualTo("Trip to Lisbon");
            assertThat(log.getFirst().senderId()).isEqualTo(ana.userId());
            assertThat(log.getFirst().subjectUserId()).isEqualTo(cai.userId());
            benSocket.await(ServerFrame.Message.class, m -> m.message().conversationId().equals(group.id())
                    && m.message().seq() == 4);
        }
    }

    @Test
    void aMessageReachesEveryMemberAndRenamingIsAnEntryToo() {
        ConversationView group = client.createGroup(ana, "Book club", ben.account().username(), cai.account().username());
        try (DeviceSocketClient anaSocket = client.connect(ana); DeviceSocketClient benSocket = client.connect(ben);
             DeviceSocketClient caiSocket = client.connect(cai)) {
            ServerFrame.Ack ack = benSocket.sendText(group.id(), "Next book?");
            for (DeviceSocketClient member : List.of(anaSocket, caiSocket)) {
                member.await(ServerFrame.Message.class, m -> m.message().id().equals(ack.messageId()));
            }

            Response renamed = client.onConversation("PATCH", group.id(), "", ana, Map.of("name", "Book club 📚"));
            assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
            assertThat(renamed.as(ConversationView.class).name()).isEqualTo("Book club 📚");
            for (DeviceSocketClient member : List.of(benSocket, caiSocket)) {
                MessageView entry = member.await(ServerFrame.Message.class,
                        m -> m.message().kind() == MessageKind.GROUP_RENAMED).message();
                assertThat(entry.text()).isEqualTo("Book club 📚");
                assertThat(entry.senderId()).isEqualTo(ana.userId());
                member.await(ServerFrame.Conversation.class, c -> "Book club 📚".equals(c.conversation().name()));
            }
        }
    }

    @Test
    void aNewMemberGetsTheGroupFromTheirJoiningOnAndNothingBefore() {
        ConversationView group = client.createGroup(ana, "Band", ben.account().username());
        try (DeviceSocketClient anaSocket = client.connect(ana)) {
            anaSocket.sendText(group.id(), "before dee");
        }
        Session deeDevice = client.login(dee, "Laptop");
        try (DeviceSocketClient deeSocket = client.connect(deeDevice)) {
            Response added = client.onConversation("POST", group.id(), "/members", ana,
                    Map.of("usernames", List.of(dee.username(), ben.account().username())));
            assertThat(added.status()).as(added.body()).isEqualTo(200);
            ConversationView after = added.as(ConversationView.class);
            assertThat(after.members()).hasSize(3);
            MemberView deeMember = member(after, deeDevice.userId());
            assertThat(deeMember.role()).isEqualTo(MemberRole.MEMBER);

            deeSocket.await(ServerFrame.Conversation.class, c -> c.conversation().id().equals(group.id()));
            MessageView joined = deeSocket.await(ServerFrame.Message.class,
                    m -> m.message().kind() == MessageKind.MEMBER_JOINED).message();
            assertThat(joined.seq()).isEqualTo(deeMember.joinedSeq());
            assertThat(joined.senderId()).isEqualTo(ana.userId());
            assertThat(joined.subjectUserId()).isEqualTo(deeDevice.userId());

            assertThat(history(deeDevice, group)).extracting(MessageView::seq).containsExactly(joined.seq());
            DeviceSocketClient.SyncResult synced = deeSocket.syncAll(List.of(), 50);
            assertThat(synced.messages()).filteredOn(m -> m.conversationId().equals(group.id()))
                    .extracting(MessageView::seq).containsExactly(joined.seq());
        }
    }

    @Test
    void aMemberRemovedWhileConnectedStopsReceivingAtOnceAndKeepsOnlyWhatCameBefore() {
        ConversationView group = client.createGroup(ana, "Team", ben.account().username(), cai.account().username());
        try (DeviceSocketClient anaSocket = client.connect(ana); DeviceSocketClient benSocket = client.connect(ben);
             DeviceSocketClient caiSocket = client.connect(cai)) {
            ServerFrame.Ack before = anaSocket.sendText(group.id(), "still here, Cai?");
            caiSocket.await(ServerFrame.Message.class, m -> m.message().id().equals(before.messageId()));

            Response removed = client.request("DELETE", "/api/v1/conversations/" + group.id() + "/members/"
                    + cai.userId(), ana.token(), null);
            assertThat(removed.status()).as(removed.body()).isEqualTo(200);
            assertThat(removed.as(ConversationView.class).members()).extracting(MemberView::userId)
                    .doesNotContain(cai.userId());

            MessageView removal = caiSocket.await(ServerFrame.Message.class,
                    m -> m.message().kind() == MessageKind.MEMBER_REMOVED).message();
            assertThat(removal.subjectUserId()).isEqualTo(cai.userId());
            ConversationView former = caiSocket.await(ServerFrame.Conversation.class,
                    c -> !c.conversation().active()).conversation();
            assertThat(former.members()).isEmpty();
            assertThat(former.lastSeq()).isEqualTo(removal.seq());
            benSocket.await(ServerFrame.Message.class, m -> m.message().kind() == MessageKind.MEMBER_REMOVED);

            caiSocket.forget();
            ServerFrame.Ack after = anaSocket.sendText(group.id(), "Cai is gone");
            benSocket.await(ServerFrame.Message.class, m -> m.message().id().equals(after.messageId()));
            caiSocket.send(new ClientFrame.Typing(DeviceSocketClient.newRequestId(), group.id()));
            // Frames leave a socket in order: whatever was queued for Cai before this answer has arrived.
            String ping = DeviceSocketClient.newRequestId();
            caiSocket.send(new ClientFrame.Ping(ping));
            caiSocket.await(ServerFrame.Pong.class, p -> p.requestId().equals(ping));
            assertThat(caiSocket.received(ServerFrame.Message.class)).isEmpty();
            assertThat(caiSocket.received(ServerFrame.Error.class)).extracting(ServerFrame.Error::code)
                    .containsExactly("not_a_member");

            ServerFrame send = caiSocket.sendMessage(group.id(), java.util.UUID.randomUUID(), "let me back in");
            assertThat(send).isInstanceOf(ServerFrame.Error.class);
            assertThat(((ServerFrame.Error) send).code()).isEqualTo("not_a_member");

            assertThat(history(cai, group)).extracting(MessageView::seq).contains(before.seq(), removal.seq())
                    .doesNotContain(after.seq());
            DeviceSocketClient.SyncResult synced = caiSocket.syncAll(List.of(SyncCursor.of(group.id(), before.seq())), 50);
            assertThat(synced.messages()).filteredOn(m -> m.conversationId().equals(group.id()))
                    .extracting(MessageView::seq).containsExactly(removal.seq());
            assertThat(synced.last().conversations()).filteredOn(c -> c.id().equals(group.id()))
                    .singleElement().satisfies(c -> assertThat(c.active()).isFalse());

            Response members = client.get("/api/v1/conversations/" + group.id(), cai.token());
            assertThat(members.status()).isEqualTo(200);
            assertThat(members.as(ConversationView.class).members()).isEmpty();
            // Entries keep naming people who are gone: their names stay readable to members, current and former.
            Response named = client.get("/api/v1/conversations/" + group.id() + "/people/" + cai.userId(), ben.token());
            assertThat(named.status()).as(named.body()).isEqualTo(200);
            assertThat(named.as(dev.parley.protocol.model.UserView.class).username()).isEqualTo(cai.account().username());
            assertThat(client.get("/api/v1/conversations/" + group.id() + "/people/" + ana.userId(), cai.token()).status())
                    .isEqualTo(200);
            assertThat(client.get("/api/v1/conversations/" + group.id() + "/people/" + dee.profile().id(), ana.token())
                    .errorCode()).isEqualTo("member_not_found");
            Response info = client.get("/api/v1/conversations/" + group.id() + "/messages/" + before.seq() + "/info",
                    cai.token());
            assertThat(info.status()).isEqualTo(403);
            assertThat(info.errorCode()).isEqualTo("not_a_member");
        }
    }

    @Test
    void anOwnerWhoLeavesHandsOverToTheLongestStandingAdmin() {
        ConversationView group = client.createGroup(ana, "Committee", ben.account().username(), cai.account().username());
        Response promoted = client.onConversation("PUT", group.id(), "/members/" + cai.userId() + "/role", ana,
                Map.of("role", "admin"));
        assertThat(promoted.status()).as(promoted.body()).isEqualTo(200);

        Response left = client.onConversation("POST", group.id(), "/leave", ana, null);
        assertThat(left.status()).as(left.body()).isEqualTo(200);
        assertThat(left.as(ConversationView.class).active()).isFalse();

        ConversationView after = client.get("/api/v1/conversations/" + group.id(), ben.token()).as(ConversationView.class);
        assertThat(roles(after)).containsExactlyInAnyOrderEntriesOf(Map.of(
                cai.userId(), MemberRole.OWNER, ben.userId(), MemberRole.MEMBER));
        List<MessageView> newest = history(ben, group);
        assertThat(newest.get(0).kind()).isEqualTo(MessageKind.MEMBER_LEFT);
        assertThat(newest.get(0).subjectUserId()).isEqualTo(ana.userId());
        assertThat(newest.get(1).kind()).isEqualTo(MessageKind.ROLE_CHANGED);
        assertThat(newest.get(1).subjectUserId()).isEqualTo(cai.userId());
        assertThat(newest.get(1).text()).isEqualTo("owner");
    }

    @Test
    void theLastMemberLeavingKeepsTheirReadOnlyView() {
        ConversationView group = client.createGroup(ana, "Solo");
        try (DeviceSocketClient anaSocket = client.connect(ana)) {
            Response left = client.onConversation("POST", group.id(), "/leave", ana, null);
            assertThat(left.status()).as(left.body()).isEqualTo(200);
            ConversationView former = left.as(ConversationView.class);
            assertThat(former.active()).isFalse();
            assertThat(former.lastSeq()).isEqualTo(3);
            anaSocket.await(ServerFrame.Message.class, m -> m.message().kind() == MessageKind.MEMBER_LEFT);
            anaSocket.await(ServerFrame.Conversation.class, c -> !c.conversation().active());
        }
        assertThat(history(ana, group)).extracting(MessageView::kind)
                .containsExactly(MessageKind.MEMBER_LEFT, MessageKind.MEMBER_JOINED, MessageKind.GROUP_CREATED);
    }

    @Test
    void ownershipCanBeHandedOverAndTheOldOwnerBecomesAnAdmin() {
        ConversationView group = client.createGroup(ana, "Flat", ben.account().username());
        Response handed = client.onConversation("PUT", group.id(), "/members/" + ben.userId() + "/role", ana,
                Map.of("role", "owner"));
        assertThat(handed.status()).as(handed.body()).isEqualTo(200);
        assertThat(roles(handed.as(ConversationView.class))).containsExactlyInAnyOrderEntriesOf(Map.of(
                ben.userId(), MemberRole.OWNER, ana.userId(), MemberRole.ADMIN));

        Response again = client.onConversation("PUT", group.id(), "/members/" + ana.userId() + "/role", ana,
                Map.of("role", "owner"));
        assertThat(again.status()).isEqualTo(403);
        assertThat(again.errorCode()).isEqualTo("not_group_owner");
    }

    @Test
    void aRemovedMemberAddedBackReadsFromTheirNewJoiningOn() {
        ConversationView group = client.createGroup(ana, "Choir", ben.account().username());
        client.request("DELETE", "/api/v1/conversations/" + group.id() + "/members/" + ben.userId(), ana.token(), null);
        try (DeviceSocketClient anaSocket = client.connect(ana)) {
            anaSocket.sendText(group.id(), "while Ben was out");
        }
        Response back = client.onConversation("POST", group.id(), "/members", ana,
                Map.of("usernames", List.of(ben.account().username())));
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        long rejoined = member(back.as(ConversationView.class), ben.userId()).joinedSeq();
        assertThat(history(ben, group)).extracting(MessageView::seq).containsExactly(rejoined);
        assertThat(client.get("/api/v1/conversations/" + group.id(), ben.token()).as(ConversationView.class).active())
                .isTrue();
    }

    private List<MessageView> history(Session session, ConversationView group) {
        Response response = client.get("/api/v1/conversations/" + group.id() + "/messages?limit=200", session.token());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.as(HistoryPage.class).messages();
    }

    static Map<UserId, MemberRole> roles(ConversationView view) {
        return view.members().stream().collect(java.util.stream.Collectors.toMap(MemberView::userId, MemberView::role));
    }

    static MemberView member(ConversationView view, UserId user) {
        return view.members().stream().filter(m -> m.userId().equals(user)).findFirst().orElseThrow();
    }
}
