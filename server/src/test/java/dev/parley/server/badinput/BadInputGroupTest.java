package dev.parley.server.badinput;

import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.rest.ConversationList;
import dev.parley.server.support.Backend;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.ParleyClient.Response;
import dev.parley.server.support.ParleyClient.Session;
import dev.parley.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.parley.server.badinput.Refusals.assertRestError;
import static dev.parley.server.badinput.Refusals.conversation;
import static dev.parley.server.badinput.Refusals.history;
import static org.assertj.core.api.Assertions.assertThat;

/** Bad input to the group endpoints is refused with a clear code and changes nothing. */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class BadInputGroupTest {
    @Parameter
    Backend backend;

    private ParleyClient client;
    private Session owner;
    private Session member;
    private ConversationView group;

    @BeforeEach
    void group() {
        client = TestServer.shared(backend).client();
        owner = client.login(client.register("owner"), "Laptop");
        member = client.login(client.register("member"), "Laptop");
        group = client.createGroup(owner, "Untouched", member.account().username());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"usernames\":[]}                                   | missing_field",
            "{\"name\":\"   \",\"usernames\":[]}                  | invalid_group_name",
            "{\"name\":\"a\\u0007b\",\"usernames\":[]}            | invalid_group_name",
            "{\"name\":12,\"usernames\":[]}                       | invalid_field",
            "{\"name\":\"Ok\",\"usernames\":\"bob\"}              | invalid_field",
            "{\"name\":\"Ok\",\"usernames\":[\"Not A Name!\"]}    | invalid_username",
            "{\"name\":\"Ok\",\"usernames\":[null]}               | missing_field",
            "{\"name\":\"Ok\",\"description\":7}                  | invalid_field",
            "{\"name\":\"Ok\"                                     | bad_json"})
    void aMalformedNewGroupIsRefusedAndNoGroupIsMade(String body, String code) {
        int before = groupsOf(owner);
        Response response = client.request("POST", "/api/v1/conversations/groups", owner.token(), body.strip());
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo(code);
        assertThat(groupsOf(owner)).isEqualTo(before);
    }

    @Test
    void namesAndDescriptionsAreCountedInCodePointsAtTheirLimits() {
        String hundredEmoji = "😀".repeat(100);
        assertThat(client.post("/api/v1/conversations/groups", owner.token(), Map.of("name", hundredEmoji,
                "description", "d".repeat(1000), "usernames", List.of())).status()).isEqualTo(201);
        assertRestError(client.post("/api/v1/conversations/groups", owner.token(), Map.of("name", hundredEmoji + "x",
                "usernames", List.of())), 400, "invalid_group_name");
        assertRestError(client.post("/api/v1/conversations/groups", owner.token(), Map.of("name", "Long",
                "description", "d".repeat(1001), "usernames", List.of())), 400, "invalid_group_description");
    }

    @Test
    void anUnknownUsernameRefusesTheWholeGroupAndNamesWhoWasNotFound() {
        int before = groupsOf(owner);
        Response response = client.post("/api/v1/conversations/groups", owner.token(), Map.of("name", "Half",
                "usernames", List.of(member.account().username(), "nobody_by_this_name")));
        assertRestError(response, 404, "user_not_found");
        assertThat(response.errorMessage()).contains("nobody_by_this_name");
        assertThat(groupsOf(owner)).isEqualTo(before);
        assertThat(groupsOf(member)).isEqualTo(1);
    }

    @Test
    void moreUsernamesThanAnyGroupHoldsAreRefusedBeforeLookingAnyUp() {
        List<String> many = Collections.nCopies(501, "someone");
        assertRestError(client.post("/api/v1/conversations/groups", owner.token(),
                Map.of("name", "Crowd", "usernames", many)), 400, "invalid_field");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{}", "{\"joinApproval\":\"yes\"}", "{\"name\":\"\"}", "{\"name\":null,\"description\":null}"})
    void aMalformedChangeIsRefusedAndTheGroupStaysAsItWas(String body) {
        Response response = client.request("PATCH", "/api/v1/conversations/" + group.id(), owner.token(), body);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.errorCode()).isIn("invalid_field", "invalid_group_name");
        assertUnchanged();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{}", "{\"usernames\":[]}", "{\"usernames\":[\"UPPER CASE\"]}", "{\"usernames\":[\"ghost_user_x\"]}"})
    void badMembersToAddAreRefusedAndNobodyIsAdded(String body) {
        Response response = client.request("POST", "/api/v1/conversations/" + group.id() + "/members", owner.token(), body);
        assertThat(response.status()).as(response.body()).isIn(400, 404);
        assertThat(response.errorCode()).isIn("missing_field", "invalid_field", "invalid_username", "user_not_found");
        assertUnchanged();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"{} | missing_field", "{\"role\":\"king\"} | invalid_field",
            "{\"role\":\"OWNER\"} | invalid_field", "{\"role\":1} | invalid_field"})
    void anUnknownRoleIsRefused(String body, String code) {
        Response response = client.request("PUT", "/api/v1/conversations/" + group.id() + "/members/" + member.userId()
                + "/role", owner.token(), body.strip());
        assertRestError(response, 400, code);
        assertUnchanged();
    }

    @Test
    void membersRequestsAndEntriesThatDoNotExistAreNotFound() {
        String base = "/api/v1/conversations/" + group.id();
        assertRestError(client.request("DELETE", base + "/members/not-a-uuid", owner.token(), null), 404, "member_not_found");
        assertRestError(client.request("DELETE", base + "/members/" + UUID.randomUUID(), owner.token(), null), 404,
                "member_not_found");
        assertRestError(client.request("PUT", base + "/members/" + UUID.randomUUID() + "/role", owner.token(),
                "{\"role\":\"admin\"}"), 404, "member_not_found");
        assertRestError(client.request("POST", base + "/join-requests/" + member.userId() + "/approve", owner.token(), null),
                404, "join_request_not_found");
        assertRestError(client.get(base + "/messages/999/info", owner.token()), 404, "message_not_found");
        assertRestError(client.get(base + "/messages/x1/info", owner.token()), 404, "message_not_found");
        assertRestError(client.get("/api/v1/group-invites/definitely-not-a-code", owner.token()), 404, "invite_not_found");
        assertRestError(client.post("/api/v1/group-invites/AAAAAAAAAAAAAAAAAAAAAA/join", owner.token(), "{}"), 404,
                "invite_not_found");
        assertRestError(client.request("DELETE", base + "/members/" + owner.userId(), owner.token(), null), 400,
                "cannot_remove_yourself");
        assertUnchanged();
    }

    @Test
    void groupActionsOnADirectChatAreRefusedAsNotAGroup() {
        ConversationView direct = client.startDirect(owner, member.account().username());
        for (Response response : List.of(
                client.request("PATCH", "/api/v1/conversations/" + direct.id(), owner.token(), "{\"name\":\"X\"}"),
                client.request("POST", "/api/v1/conversations/" + direct.id() + "/leave", owner.token(), null),
                client.get("/api/v1/conversations/" + direct.id() + "/invite", owner.token()),
                client.request("POST", "/api/v1/conversations/" + direct.id() + "/members", owner.token(),
                        "{\"usernames\":[\"" + member.account().username() + "\"]}"))) {
            assertRestError(response, 400, "not_a_group");
        }
        assertThat(conversation(client, owner, direct.id()).members()).hasSize(2);
    }

    private void assertUnchanged() {
        ConversationView now = conversation(client, owner, group.id());
        assertThat(now.name()).isEqualTo("Untouched");
        assertThat(now.members()).extracting(m -> m.userId()).containsExactlyInAnyOrder(owner.userId(), member.userId());
        assertThat(now.lastSeq()).isEqualTo(group.lastSeq());
        assertThat(history(client, owner, group.id()).messages()).hasSize((int) group.lastSeq());
    }

    private int groupsOf(Session session) {
        return (int) client.get("/api/v1/conversations", session.token()).as(ConversationList.class).conversations().stream()
                .filter(ConversationView::isGroup).count();
    }
}
