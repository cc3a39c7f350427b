package dev.parley.server.groups;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.rest.InviteView;
import dev.parley.protocol.ws.ClientFrame;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.support.Backend;
import dev.parley.server.support.DeviceSocketClient;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.ParleyClient.Response;
import dev.parley.server.support.ParleyClient.Session;
import dev.parley.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every group action and read path, tried by each kind of caller: someone never in the group, a
 * removed member, a member, an admin and the owner. Each try runs on a fresh group; a refused one must
 * leave the group exactly as it was.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class GroupAuthorizationMatrixTest {
    enum Caller { OUTSIDER, REMOVED, MEMBER, ADMIN, OWNER }

    private static final String OK = "ok";
    private static final String NOT_FOUND = "conversation_not_found";
    private static final String NOT_MEMBER = "not_a_member";
    private static final String NOT_ADMIN = "not_group_admin";
    private static final String NOT_OWNER = "not_group_owner";

    /** The people of one backend's matrix, made once: registering is deliberately slow (Argon2). */
    record People(Session owner, Session admin, Session secondAdmin, Session member, Session removed,
                  Session outsider, Session target, Session joiner, Session newcomer) {
    }

    private static final Map<Backend, People> PEOPLE = new ConcurrentHashMap<>();

    @Parameter
    Backend backend;

    private ParleyClient client;
    private People people;

    @BeforeEach
    void people() {
        client = TestServer.shared(backend).client();
        people = PEOPLE.computeIfAbsent(backend, b -> new People(login("owner"), login("admin"), login("admintwo"),
                login("member"), login("removed"), login("outsider"), login("target"), login("joiner"), login("newcomer")));
    }

    /** A fresh group for one try. */
    record Group(ConversationId id, People people, String inviteCode) {
    }

    enum Action {
        READ_CONVERSATION(all(OK, OK), g -> get(g, "")),
        READ_HISTORY(all(OK, OK), g -> get(g, "/messages")),
        READ_MESSAGE_INFO(all(NOT_MEMBER, OK), g -> get(g, "/messages/1/info")),
        SEND(all(NOT_MEMBER, OK), Action::send),
        TYPING(all(NOT_MEMBER, OK), g -> socket(g, id -> new ClientFrame.Typing(DeviceSocketClient.newRequestId(), id))),
        MARK_READ(all(NOT_MEMBER, OK), g -> socket(g, id -> new ClientFrame.MarkRead(DeviceSocketClient.newRequestId(), id, 1L))),
        RENAME(admins(OK, OK, NOT_ADMIN), g -> call(g, "PATCH", "", Map.of("name", "Renamed"))),
        ADD_MEMBER(admins(OK, OK, NOT_ADMIN), g -> call(g, "POST", "/members",
                Map.of("usernames", List.of(g.group().people().newcomer().account().username())))),
        REMOVE_MEMBER(admins(OK, OK, NOT_ADMIN), g -> call(g, "DELETE", "/members/" + g.group().people().target().userId(), null)),
        REMOVE_ADMIN(admins(OK, NOT_OWNER, NOT_ADMIN), g -> call(g, "DELETE", "/members/" + g.group().people().secondAdmin().userId(), null)),
        REMOVE_OWNER(admins("cannot_remove_yourself", "cannot_remove_owner", NOT_ADMIN),
                g -> call(g, "DELETE", "/members/" + g.group().people().owner().userId(), null)),
        MAKE_ADMIN(admins(OK, OK, NOT_ADMIN), g -> role(g, g.group().people().target(), "admin")),
        DISMISS_ADMIN(admins(OK, NOT_OWNER, NOT_ADMIN), g -> role(g, g.group().people().secondAdmin(), "member")),
        HAND_OVER_OWNERSHIP(admins(OK, NOT_OWNER, NOT_OWNER), g -> role(g, g.group().people().target(), "owner")),
        SEE_INVITE_LINK(admins(OK, OK, NOT_ADMIN), g -> get(g, "/invite")),
        NEW_INVITE_LINK(admins(OK, OK, NOT_ADMIN), g -> call(g, "POST", "/invite", null)),
        REVOKE_INVITE_LINK(admins(OK, OK, NOT_ADMIN), g -> call(g, "DELETE", "/invite", null)),
        SEE_JOIN_REQUESTS(admins(OK, OK, NOT_ADMIN), g -> get(g, "/join-requests")),
        APPROVE_JOIN_REQUEST(admins(OK, OK, NOT_ADMIN),
                g -> call(g, "POST", "/join-requests/" + g.group().people().joiner().userId() + "/approve", null)),
        DECLINE_JOIN_REQUEST(admins(OK, OK, NOT_ADMIN),
                g -> call(g, "DELETE", "/join-requests/" + g.group().people().joiner().userId(), null)),
        LEAVE(all(NOT_MEMBER, OK), g -> call(g, "POST", "/leave", null));

        private final Map<Caller, String> expected;
        private final Function<Try, String> attempt;

        Action(Map<Caller, String> expected, Function<Try, String> attempt) {
            this.expected = expected;
            this.attempt = attempt;
        }

        /** Read paths and member actions: outsiders never learn the group exists. */
        private static Map<Caller, String> all(String removed, String members) {
            return Map.of(Caller.OUTSIDER, NOT_FOUND, Caller.REMOVED, removed, Caller.MEMBER, members,
                    Caller.ADMIN, members, Caller.OWNER, members);
        }

        private static Map<Caller, String> admins(String owner, String admin, String member) {
            return Map.of(Caller.OUTSIDER, NOT_FOUND, Caller.REMOVED, NOT_MEMBER, Caller.MEMBER, member,
                    Caller.ADMIN, admin, Caller.OWNER, owner);
        }

        private static String get(Try t, String suffix) {
            return outcome(t.client().get("/api/v1/conversations/" + t.group().id() + suffix, t.caller().token()));
        }

        private static String call(Try t, String method, String suffix, Object body) {
            return outcome(t.client().onConversation(method, t.group().id(), suffix, t.caller(), body));
        }

        private static String role(Try t, Session target, String role) {
            return call(t, "PUT", "/members/" + target.userId() + "/role", Map.of("role", role));
        }

        private static String send(Try t) {
            try (DeviceSocketClient socket = t.client().connect(t.caller())) {
                ServerFrame answer = socket.sendMessage(t.group().id(), UUID.randomUUID(), "hello?");
                return answer instanceof ServerFrame.Error error ? error.code() : OK;
            }
        }

        /** A frame that is answered only when it fails; a ping after it shows that no error came. */
        private static String socket(Try t, Function<ConversationId, ClientFrame> frame) {
            try (DeviceSocketClient socket = t.client().connect(t.caller())) {
                socket.send(frame.apply(t.group().id()));
                String ping = DeviceSocketClient.newRequestId();
                socket.send(new ClientFrame.Ping(ping));
                socket.await(ServerFrame.Pong.class, p -> p.requestId().equals(ping));
                List<ServerFrame.Error> errors = socket.received(ServerFrame.Error.class);
                return errors.isEmpty() ? OK : errors.getFirst().code();
            }
        }

        private static String outcome(Response response) {
            if (response.status() >= 200 && response.status() < 300) {
                return OK;
            }
            assertThat(response.errorMessage()).as(response.body()).isNotBlank();
            return response.errorCode();
        }
    }

    record Try(ParleyClient client, Group group, Session caller) {
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Action.class)
    void everyCallerGetsExactlyTheAnswerTheirRoleAllows(Action action) {
        Map<Caller, String> outcomes = new EnumMap<>(Caller.class);
        for (Caller caller : Caller.values()) {
            Group group = freshGroup();
            Snapshot before = snapshot(group);
            String outcome = action.attempt.apply(new Try(client, group, session(caller)));
            outcomes.put(caller, outcome);
            if (!outcome.equals(OK)) {
                assertThat(snapshot(group)).as("%s by %s was refused (%s) and must change nothing", action, caller,
                        outcome).isEqualTo(before);
            }
        }
        assertThat(outcomes).isEqualTo(new EnumMap<>(action.expected));
    }

    /** Owner; admin and second admin; member and target; removed removed; joiner waiting for approval. */
    private Group freshGroup() {
        People p = people;
        ConversationView group = client.createGroup(p.owner(), "Matrix", p.admin().account().username(),
                p.secondAdmin().account().username(), p.member().account().username(), p.removed().account().username(),
                p.target().account().username());
        for (Session admin : List.of(p.admin(), p.secondAdmin())) {
            ok(client.onConversation("PUT", group.id(), "/members/" + admin.userId() + "/role", p.owner(),
                    Map.of("role", "admin")));
        }
        ok(client.onConversation("DELETE", group.id(), "/members/" + p.removed().userId(), p.owner(), null));
        ok(client.onConversation("PATCH", group.id(), "", p.owner(), Map.of("joinApproval", true)));
        String code = client.get("/api/v1/conversations/" + group.id() + "/invite", p.owner().token())
                .as(InviteView.class).code();
        Response asked = client.post("/api/v1/group-invites/" + code + "/join", p.joiner().token(), "{}");
        assertThat(asked.status()).as(asked.body()).isEqualTo(202);
        return new Group(group.id(), p, code);
    }

    /** What a refused action must not have changed: the view, the log's end, the link, the requests. */
    record Snapshot(ConversationView view, String inviteBody, String requestsBody) {
    }

    private Snapshot snapshot(Group group) {
        Session owner = group.people().owner();
        ConversationView view = client.get("/api/v1/conversations/" + group.id(), owner.token()).as(ConversationView.class);
        return new Snapshot(view, client.get("/api/v1/conversations/" + group.id() + "/invite", owner.token()).body(),
                client.get("/api/v1/conversations/" + group.id() + "/join-requests", owner.token()).body());
    }

    private Session session(Caller caller) {
        return switch (caller) {
            case OUTSIDER -> people.outsider();
            case REMOVED -> people.removed();
            case MEMBER -> people.member();
            case ADMIN -> people.admin();
            case OWNER -> people.owner();
        };
    }

    private Session login(String hint) {
        return client.login(client.register(hint), "Laptop");
    }

    private static void ok(Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 299);
    }
}
