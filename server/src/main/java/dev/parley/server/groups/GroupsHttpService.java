package dev.parley.server.groups;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.rest.AddMembersRequest;
import dev.parley.protocol.rest.ChangeRoleRequest;
import dev.parley.protocol.rest.CreateGroupRequest;
import dev.parley.protocol.rest.JoinResult;
import dev.parley.protocol.rest.UpdateGroupRequest;
import dev.parley.server.accounts.Principal;
import dev.parley.server.http.BearerAuth;
import dev.parley.server.http.JsonHttp;
import dev.parley.server.http.PathIds;
import dev.parley.server.conversations.ConversationRepository;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** REST endpoints for groups: creating, changing, members and roles, invite links and join requests. */
public final class GroupsHttpService implements HttpService {
    private final GroupService groups;
    private final GroupInvites invites;
    private final GroupAvatars avatars;
    private final BearerAuth auth;
    private final JsonHttp json;

    public GroupsHttpService(GroupService groups, GroupInvites invites, GroupAvatars avatars, BearerAuth auth, JsonHttp json) {
        this.groups = groups;
        this.invites = invites;
        this.avatars = avatars;
        this.auth = auth;
        this.json = json;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/conversations/groups", this::create)
                .patch("/conversations/{conversationId}", this::update)
                .post("/conversations/{conversationId}/members", this::addMembers)
                .delete("/conversations/{conversationId}/members/{userId}", this::removeMember)
                .put("/conversations/{conversationId}/members/{userId}/role", this::changeRole)
                .post("/conversations/{conversationId}/leave", this::leave)
                .get("/conversations/{conversationId}/invite", this::link)
                .post("/conversations/{conversationId}/invite", this::regenerate)
                .delete("/conversations/{conversationId}/invite", this::revoke)
                .get("/conversations/{conversationId}/join-requests", this::requests)
                .post("/conversations/{conversationId}/join-requests/{userId}/approve", this::approve)
                .delete("/conversations/{conversationId}/join-requests/{userId}", this::decline)
                .put("/conversations/{conversationId}/avatar", this::setAvatar)
                .get("/conversations/{conversationId}/avatar", this::avatar)
                .delete("/conversations/{conversationId}/avatar", this::removeAvatar)
                .get("/group-invites/{code}", this::preview)
                .post("/group-invites/{code}/join", this::join);
    }

    private void create(ServerRequest req, ServerResponse res) {
        Principal principal = auth.require(req);
        json.send(res, Status.CREATED_201, groups.create(principal, json.read(req, CreateGroupRequest.class)));
    }

    private void update(ServerRequest req, ServerResponse res) {
        Principal principal = auth.require(req);
        json.ok(res, groups.update(principal, conversationId(req), json.read(req, UpdateGroupRequest.class)));
    }

    private void addMembers(ServerRequest req, ServerResponse res) {
        Principal principal = auth.require(req);
        json.ok(res, groups.addMembers(principal, conversationId(req), json.read(req, AddMembersRequest.class)));
    }

    private void removeMember(ServerRequest req, ServerResponse res) {
        Principal principal = auth.require(req);
        json.ok(res, groups.removeMember(principal, conversationId(req), userId(req)));
    }

    private void changeRole(ServerRequest req, ServerResponse res) {
        Principal principal = auth.require(req);
        ConversationId id = conversationId(req);
        UserId target = userId(req);
        json.ok(res, groups.changeRole(principal, id, target, json.read(req, ChangeRoleRequest.class)));
    }

    private void leave(ServerRequest req, ServerResponse res) {
        Principal principal = auth.require(req);
        json.ok(res, groups.leave(principal, conversationId(req)));
    }

    private void link(ServerRequest req, ServerResponse res) {
        Principal principal = auth.require(req);
        json.ok(res, invites.link(principal, conversationId(req)));
    }

    private void regenerate(ServerRequest req, ServerResponse res) {
        Principal principal = auth.require(req);
        json.send(res, Status.CREATED_201, invites.regenerate(principal, conversationId(req)));
    }

    private void revoke(ServerRequest req, ServerResponse res) {
        Principal principal = auth.require(req);
        invites.revoke(principal, conversationId(req));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void requests(ServerRequest req, ServerResponse res) {
        Principal principal = auth.require(req);
        json.ok(res, invites.requests(principal, conversationId(req)));
    }

    private void approve(ServerRequest req, ServerResponse res) {
        Principal principal = auth.require(req);
        json.ok(res, invites.approve(principal, conversationId(req), userId(req)));
    }

    private void decline(ServerRequest req, ServerResponse res) {
        Principal principal = auth.require(req);
        invites.decline(principal, conversationId(req), userId(req));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void setAvatar(ServerRequest req, ServerResponse res) {
        Principal principal = auth.require(req);
        ConversationId id = conversationId(req);
        String type = req.headers().contentType().map(t -> t.mediaType().text()).orElse(null);
        json.ok(res, avatars.set(principal, id, type, req.content().as(byte[].class)));
    }

    private void avatar(ServerRequest req, ServerResponse res) {
        Principal principal = auth.require(req);
        ConversationRepository.Avatar avatar = avatars.get(principal, conversationId(req));
        res.header(HeaderNames.CONTENT_TYPE, avatar.contentType());
        res.header(HeaderNames.CACHE_CONTROL, "private, max-age=86400");
        res.header(HeaderNames.ETAG, "\"" + avatar.tag() + "\"");
        res.send(avatar.image());
    }

    private void removeAvatar(ServerRequest req, ServerResponse res) {
        Principal principal = auth.require(req);
        json.ok(res, avatars.remove(principal, conversationId(req)));
    }

    private void preview(ServerRequest req, ServerResponse res) {
        Principal principal = auth.require(req);
        json.ok(res, invites.preview(principal, req.path().pathParameters().get("code")));
    }

    private void join(ServerRequest req, ServerResponse res) {
        Principal principal = auth.require(req);
        JoinResult result = invites.join(principal, req.path().pathParameters().get("code"));
        json.send(res, result.status() == JoinResult.Status.PENDING ? Status.ACCEPTED_202 : Status.OK_200, result);
    }

    private static ConversationId conversationId(ServerRequest req) {
        return new ConversationId(PathIds.uuid(req.path().pathParameters().get("conversationId"),
                "conversation_not_found", "No such conversation"));
    }

    private static UserId userId(ServerRequest req) {
        return new UserId(PathIds.uuid(req.path().pathParameters().get("userId"),
                "member_not_found", "That user is not a member of this group"));
    }
}
