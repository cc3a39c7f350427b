package dev.parley.server.groups;

import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MessageKind;
import dev.parley.protocol.rest.GroupInvitePreview;
import dev.parley.protocol.rest.InviteView;
import dev.parley.protocol.rest.JoinRequestList;
import dev.parley.protocol.rest.JoinResult;
import dev.parley.protocol.ws.ClientFrame;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.support.Backend;
import dev.parley.server.support.DeviceSocketClient;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.ParleyClient.Response;
import dev.parley.server.support.ParleyClient.Session;
import dev.parley.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Joining a group by its link, with and without an admin's approval; new and revoked links; typing in groups. */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class GroupInviteLinkTest {
    @Parameter
    Backend backend;

    private ParleyClient client;
    private Session owner;
    private Session guest;
    private ConversationView group;

    @BeforeEach
    void group() {
        client = TestServer.shared(backend).client();
        owner = client.login(client.register("owner"), "Laptop");
        guest = client.login(client.register("guest"), "Laptop");
        group = client.createGroup(owner, "Open house");
    }

    @Test
    void anyoneWithTheLinkJoinsAndSeesTheGroupBeforeJoining() {
        InviteView link = invite();
        assertThat(link.url()).endsWith("/join/" + link.code());

        Response preview = client.get("/api/v1/group-invites/" + link.code(), guest.token());
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        GroupInvitePreview seen = preview.as(GroupInvitePreview.class);
        assertThat(seen.name()).isEqualTo("Open house");
        assertThat(seen.memberCount()).isEqualTo(1);
        assertThat(seen.alreadyMember()).isFalse();
        assertThat(seen.conversationId()).isNull();

        try (DeviceSocketClient ownerSocket = client.connect(owner)) {
            Response joined = client.post("/api/v1/group-invites/" + link.code() + "/join", guest.token(), "{}");
            assertThat(joined.status()).as(joined.body()).isEqualTo(200);
            JoinResult result = joined.as(JoinResult.class);
            assertThat(result.status()).isEqualTo(JoinResult.Status.JOINED);
            assertThat(result.conversation().members()).hasSize(2);
            var entry = ownerSocket.await(ServerFrame.Message.class,
                    m -> m.message().kind() == MessageKind.MEMBER_JOINED).message();
            assertThat(entry.senderId()).isEqualTo(guest.userId());
            assertThat(entry.subjectUserId()).isEqualTo(guest.userId());
        }
        Response again = client.post("/api/v1/group-invites/" + link.code() + "/join", guest.token(), "{}");
        assertThat(again.as(JoinResult.class).conversation().members()).hasSize(2);
    }

    @Test
    void aNewLinkReplacesTheOldOneAndARevokedLinkLeadsNowhere() {
        InviteView old = invite();
        Response made = client.onConversation("POST", group.id(), "/invite", owner, null);
        assertThat(made.status()).isEqualTo(201);
        InviteView fresh = made.as(InviteView.class);
        assertThat(fresh.code()).isNotEqualTo(old.code());
        assertThat(client.post("/api/v1/group-invites/" + old.code() + "/join", guest.token(), "{}").errorCode())
                .isEqualTo("invite_not_found");

        assertThat(client.onConversation("DELETE", group.id(), "/invite", owner, null).status()).isEqualTo(204);
        assertThat(client.get("/api/v1/conversations/" + group.id() + "/invite", owner.token()).errorCode())
                .isEqualTo("no_invite_link");
        Response joined = client.post("/api/v1/group-invites/" + fresh.code() + "/join", guest.token(), "{}");
        assertThat(joined.status()).isEqualTo(404);
        assertThat(joined.errorCode()).isEqualTo("invite_not_found");
        assertThat(client.get("/api/v1/conversations/" + group.id(), guest.token()).status()).isEqualTo(404);
    }

    @Test
    void withApprovalOnAJoinWaitsForAnAdminWhoIsToldAtOnce() {
        client.onConversation("PATCH", group.id(), "", owner, Map.of("joinApproval", true));
        InviteView link = invite();
        Session second = client.login(client.register("second"), "Laptop");
        try (DeviceSocketClient ownerSocket = client.connect(owner); DeviceSocketClient guestSocket = client.connect(guest)) {
            Response asked = client.post("/api/v1/group-invites/" + link.code() + "/join", guest.token(), "{}");
            assertThat(asked.status()).as(asked.body()).isEqualTo(202);
            assertThat(asked.as(JoinResult.class).status()).isEqualTo(JoinResult.Status.PENDING);
            ServerFrame.JoinRequested told = ownerSocket.await(ServerFrame.JoinRequested.class,
                    r -> r.conversationId().equals(group.id()));
            assertThat(told.user().id()).isEqualTo(guest.userId());
            assertThat(client.get("/api/v1/conversations/" + group.id(), guest.token()).status()).isEqualTo(404);
            client.post("/api/v1/group-invites/" + link.code() + "/join", second.token(), "{}");

            JoinRequestList requests = client.get("/api/v1/conversations/" + group.id() + "/join-requests",
                    owner.token()).as(JoinRequestList.class);
            assertThat(requests.requests()).extracting(r -> r.user().id()).containsExactly(guest.userId(), second.userId());

            Response approved = client.onConversation("POST", group.id(), "/join-requests/" + guest.userId() + "/approve",
                    owner, null);
            assertThat(approved.status()).as(approved.body()).isEqualTo(200);
            guestSocket.await(ServerFrame.Conversation.class, c -> c.conversation().id().equals(group.id()));
            var entry = guestSocket.await(ServerFrame.Message.class, m -> m.message().kind() == MessageKind.MEMBER_JOINED)
                    .message();
            assertThat(entry.senderId()).isEqualTo(owner.userId());

            assertThat(client.onConversation("DELETE", group.id(), "/join-requests/" + second.userId(), owner, null)
                    .status()).isEqualTo(204);
            assertThat(client.onConversation("DELETE", group.id(), "/join-requests/" + second.userId(), owner, null)
                    .errorCode()).isEqualTo("join_request_not_found");
            assertThat(client.get("/api/v1/conversations/" + group.id(), second.token()).status()).isEqualTo(404);
        }
    }

    @Test
    void severalMembersTypingAreEachShownToTheOthers() {
        Session third = client.login(client.register("third"), "Laptop");
        client.onConversation("POST", group.id(), "/members", owner,
                Map.of("usernames", java.util.List.of(guest.account().username(), third.account().username())));
        try (DeviceSocketClient ownerSocket = client.connect(owner); DeviceSocketClient guestSocket = client.connect(guest);
             DeviceSocketClient thirdSocket = client.connect(third)) {
            guestSocket.send(new ClientFrame.Typing(DeviceSocketClient.newRequestId(), group.id()));
            thirdSocket.send(new ClientFrame.Typing(DeviceSocketClient.newRequestId(), group.id()));
            ownerSocket.await(ServerFrame.Typing.class, t -> t.userId().equals(guest.userId()));
            ownerSocket.await(ServerFrame.Typing.class, t -> t.userId().equals(third.userId()));
            thirdSocket.await(ServerFrame.Typing.class, t -> t.userId().equals(guest.userId()));
            assertThat(guestSocket.received(ServerFrame.Typing.class)).noneMatch(t -> t.userId().equals(guest.userId()));
        }
    }

    private InviteView invite() {
        Response response = client.get("/api/v1/conversations/" + group.id() + "/invite", owner.token());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.as(InviteView.class);
    }
}
