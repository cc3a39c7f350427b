package dev.parley.server.badinput;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.rest.ConversationList;
import dev.parley.protocol.rest.DeviceList;
import dev.parley.protocol.rest.HistoryPage;
import dev.parley.protocol.rest.LoginResponse;
import dev.parley.protocol.rest.ProfileView;
import dev.parley.server.support.Backend;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.ParleyClient.Account;
import dev.parley.server.support.ParleyClient.Response;
import dev.parley.server.support.ParleyClient.Session;
import dev.parley.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static dev.parley.server.badinput.Refusals.assertRestError;
import static dev.parley.server.badinput.Refusals.assertUnauthorized;
import static dev.parley.server.badinput.Refusals.fields;
import static dev.parley.server.badinput.Refusals.json;
import static dev.parley.server.badinput.Refusals.repeat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input to the REST API gets a 4xx answer with a JSON error body naming a stable code, and
 * changes nothing: a refused registration leaves no account behind, a refused chat no conversation.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class BadInputRestTest {
    private static final int GRINNING_FACE = 0x1F600; // 😀, two UTF-16 units

    @Parameter
    Backend backend;

    private ParleyClient client;

    @BeforeEach
    void sharedServer() {
        client = TestServer.shared(backend).client();
    }

    // ---- malformed bodies ----

    @Test
    void registrationWithMalformedJsonIsBadJsonAndCreatesNoAccount() {
        String username = ParleyClient.uniqueUsername("broken");
        Response response = client.request("POST", "/api/v1/accounts", null,
                "{\"username\":\"" + username + "\",\"displayName\":\"Broken\",\"password\":\"" + ParleyClient.PASSWORD + "\"");

        assertRestError(response, 400, "bad_json");
        assertCannotLogIn(username, ParleyClient.PASSWORD);
    }

    @Test
    void registrationWithEmptyBodyIsBadJson() {
        assertRestError(client.request("POST", "/api/v1/accounts", null, ""), 400, "bad_json");
    }

    @Test
    void registrationWithoutAnyBodyIsBadJson() {
        assertRestError(client.request("POST", "/api/v1/accounts", null, null), 400, "bad_json");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[]", "[{}]", "42", "\"text\"", "true"})
    void bodyThatIsJsonButNotAnObjectIsInvalidField(String body) {
        assertRestError(client.request("POST", "/api/v1/accounts", null, body), 400, "invalid_field");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"POST /api/v1/accounts", "POST /api/v1/sessions", "POST /api/v1/conversations/direct",
            "PUT /api/v1/me/password"})
    void jsonNullBodyIsInvalidFieldOnEveryEndpointThatReadsABody(String request) {
        String[] parts = request.split(" ");
        Session session = client.login(client.register("nullbody"), "Laptop");

        assertRestError(client.request(parts[0], parts[1], session.token(), "null"), 400, "invalid_field");
        assertThat(client.get("/api/v1/me", session.token()).status()).isEqualTo(200);
    }

    @Test
    void registrationWithDuplicateKeysIsBadJsonAndCreatesNoAccount() {
        String username = ParleyClient.uniqueUsername("twice");
        Response response = client.request("POST", "/api/v1/accounts", null, "{\"username\":\"" + username
                + "\",\"displayName\":\"Twice\",\"password\":\"" + ParleyClient.PASSWORD
                + "\",\"password\":\"another password\"}");

        assertRestError(response, 400, "bad_json");
        assertCannotLogIn(username, ParleyClient.PASSWORD);
        assertCannotLogIn(username, "another password");
    }

    @Test
    void loginWithMalformedJsonIsBadJson() {
        Account account = client.register("malformed");

        Response response = client.request("POST", "/api/v1/sessions", null,
                "{\"username\":\"" + account.username() + "\",\"password\":");

        assertRestError(response, 400, "bad_json");
    }

    @Test
    void bodyLargerThanOneMiBIsRefusedWith413AndCreatesNoAccount() {
        // server.max-payload-size is 1 MiB; this body is 2 MiB of otherwise valid JSON. PROTOCOL.md §4:
        // "Larger bodies are answered 413 with an empty body" (Helidon refuses them before routing).
        String username = ParleyClient.uniqueUsername("huge");
        String huge = json(fields("username", username, "displayName", "Huge",
                "password", ParleyClient.PASSWORD, "padding", "x".repeat(2 * 1024 * 1024)));

        Response response = client.request("POST", "/api/v1/accounts", null, huge);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.body()).isEmpty();
        assertCannotLogIn(username, ParleyClient.PASSWORD);
    }

    // ---- wrong types and missing fields ----

    @Test
    void numberForAStringFieldIsInvalidFieldAndCreatesNoAccount() {
        String username = ParleyClient.uniqueUsername("typed");
        Response response = client.post("/api/v1/accounts", null,
                fields("username", username, "displayName", 12345, "password", ParleyClient.PASSWORD));

        assertRestError(response, 400, "invalid_field");
        assertThat(response.errorMessage()).contains("displayName");
        assertCannotLogIn(username, ParleyClient.PASSWORD);
    }

    @Test
    void booleanOrObjectForAStringFieldIsInvalidField() {
        String username = ParleyClient.uniqueUsername("typed");
        Response asBoolean = client.post("/api/v1/accounts", null,
                fields("username", username, "displayName", "Typed", "password", true));
        Response asObject = client.post("/api/v1/accounts", null,
                fields("username", username, "displayName", "Typed", "password", Map.of("value", ParleyClient.PASSWORD)));

        assertRestError(asBoolean, 400, "invalid_field");
        assertThat(asBoolean.errorMessage()).contains("password");
        assertRestError(asObject, 400, "invalid_field");
        assertThat(asObject.errorMessage()).contains("password");
        assertCannotLogIn(username, ParleyClient.PASSWORD);
    }

    @Test
    void numberForUsernameInLoginIsInvalidField() {
        Response response = client.post("/api/v1/sessions", null, fields("username", 42, "password", ParleyClient.PASSWORD));

        assertRestError(response, 400, "invalid_field");
        assertThat(response.errorMessage()).contains("username");
    }

    @Test
    void wordForANumericQueryParameterIsInvalidField() {
        Fixture f = twoUsersInAChat();

        assertRestError(client.get(historyPath(f.chat.id(), "limit=ten"), f.alice.token()), 400, "invalid_field");
        assertRestError(client.get(historyPath(f.chat.id(), "before=abc"), f.alice.token()), 400, "invalid_field");
    }

    @ParameterizedTest(name = "without {0}")
    @ValueSource(strings = {"username", "displayName", "password"})
    void registrationWithoutARequiredFieldIsMissingFieldAndCreatesNoAccount(String missing) {
        String username = ParleyClient.uniqueUsername("partial");
        Map<String, Object> body = fields("username", username, "displayName", "Partial",
                "password", ParleyClient.PASSWORD);
        body.remove(missing);

        Response response = client.post("/api/v1/accounts", null, body);

        assertRestError(response, 400, "missing_field");
        assertThat(response.errorMessage()).contains(missing);
        assertCannotLogIn(username, ParleyClient.PASSWORD);
    }

    @Test
    void registrationWithExplicitNullFieldIsMissingField() {
        Response response = client.request("POST", "/api/v1/accounts", null, "{\"username\":\""
                + ParleyClient.uniqueUsername("nulled") + "\",\"displayName\":null,\"password\":\""
                + ParleyClient.PASSWORD + "\"}");

        assertRestError(response, 400, "missing_field");
        assertThat(response.errorMessage()).contains("displayName");
    }

    @ParameterizedTest(name = "without {0}")
    @ValueSource(strings = {"username", "password"})
    void loginWithoutARequiredFieldIsMissingField(String missing) {
        Account account = client.register("partial");
        Map<String, Object> body = fields("username", account.username(), "password", account.password());
        body.remove(missing);

        Response response = client.post("/api/v1/sessions", null, body);

        assertRestError(response, 400, "missing_field");
        assertThat(response.errorMessage()).contains(missing);
    }

    // ---- usernames ----

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "ab", "a_", "abcdefghijklmnopqrstuvwxyz0123456", "bad name", "bad-name", "bad!name",
            "9lives", "_under", ".dot", "ålice", "al\tce"})
    void invalidUsernameIsRefusedAndCreatesNoAccount(String username) {
        Response response = register(username, null, ParleyClient.PASSWORD);

        assertRestError(response, 400, "invalid_username");
        assertCannotLogIn(username, ParleyClient.PASSWORD);
    }

    @Test
    void usernamesOfThreeAndOfThirtyTwoCharactersAreAccepted() {
        String shortest = "q" + randomLetters(2);
        String longest = ParleyClient.uniqueUsername("longest") + randomLetters(32);
        longest = longest.substring(0, 32);

        Response three = register(shortest, null, ParleyClient.PASSWORD);
        Response thirtyTwo = register(longest, null, ParleyClient.PASSWORD);

        assertThat(three.status()).as(three.body()).isEqualTo(201);
        assertThat(thirtyTwo.status()).as(thirtyTwo.body()).isEqualTo(201);
        assertCanLogIn(shortest, ParleyClient.PASSWORD);
        assertCanLogIn(longest, ParleyClient.PASSWORD);
    }

    @Test
    void loginWithAControlCharacterInTheUsernameIsInvalidCredentials() {
        // Login checks only presence, so that malformed names fail like any other wrong credentials.
        assertCannotLogIn("al\u0000ce", ParleyClient.PASSWORD);
        assertCannotLogIn("bad name!", ParleyClient.PASSWORD);
    }

    @Test
    void loginWithAnUnpairedSurrogateInTheUsernameIsInvalidCredentials() {
        Response response = client.request("POST", "/api/v1/sessions", null,
                "{\"username\":\"al\\ud800ce\",\"password\":\"" + ParleyClient.PASSWORD + "\"}");

        assertUnauthorized(response, "invalid_credentials");
    }

    @Test
    void duplicateUsernameInAnotherCaseIsTakenAndKeepsTheOriginalAccount() {
        Account original = client.register("casey");

        Response response = register("  " + original.username().toUpperCase() + " ", null, "a different password");

        assertRestError(response, 409, "username_taken");
        assertCannotLogIn(original.username(), "a different password");
        assertCanLogIn(original.username(), original.password());
    }

    // ---- email ----

    @Test
    void duplicateEmailInAnotherCaseIsTakenAndCreatesNoAccount() {
        String email = ParleyClient.uniqueUsername("mail") + "@Example.org";
        Response first = register(ParleyClient.uniqueUsername("first"), email, ParleyClient.PASSWORD);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        String second = ParleyClient.uniqueUsername("second");

        Response response = register(second, email.toUpperCase(), ParleyClient.PASSWORD);

        assertRestError(response, 409, "email_taken");
        assertCannotLogIn(second, ParleyClient.PASSWORD);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"not-an-email", "a@b", "two@@example.org", "sp ace@example.org", "@example.org",
            "user@", "a@b@example.org"})
    void badEmailIsRefusedAndCreatesNoAccount(String email) {
        String username = ParleyClient.uniqueUsername("mailer");

        Response response = register(username, email, ParleyClient.PASSWORD);

        assertRestError(response, 400, "invalid_email");
        assertCannotLogIn(username, ParleyClient.PASSWORD);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nul\u0000byte@example.org", "bell\u0007@example.org", "del\u007f@example.org"})
    void emailWithAControlCharacterIsInvalidEmailAndCreatesNoAccount(String email) {
        String username = ParleyClient.uniqueUsername("ctrlmail");

        Response response = register(username, email, ParleyClient.PASSWORD);

        assertRestError(response, 400, "invalid_email");
        assertCannotLogIn(username, ParleyClient.PASSWORD);
    }

    @Test
    void emailLongerThan254CharactersIsRefused() {
        String username = ParleyClient.uniqueUsername("longmail");

        Response response = register(username, "a".repeat(250) + "@example.org", ParleyClient.PASSWORD);

        assertRestError(response, 400, "invalid_email");
        assertCannotLogIn(username, ParleyClient.PASSWORD);
    }

    // ---- passwords ----

    @Test
    void passwordOfSevenCodePointsIsTooShort() {
        String username = ParleyClient.uniqueUsername("seven");

        Response response = register(username, null, "abcdefg");

        assertRestError(response, 400, "invalid_password");
        assertCannotLogIn(username, "abcdefg");
    }

    @Test
    void passwordOfSevenEmojiIsTooShortThoughItHasFourteenUtf16Units() {
        String username = ParleyClient.uniqueUsername("sevenemoji");
        String password = repeat(GRINNING_FACE, 7);

        Response response = register(username, null, password);

        assertRestError(response, 400, "invalid_password");
        assertCannotLogIn(username, password);
    }

    @Test
    void passwordOf129CodePointsIsTooLong() {
        String username = ParleyClient.uniqueUsername("long");
        String password = "p".repeat(129);

        Response response = register(username, null, password);

        assertRestError(response, 400, "invalid_password");
        assertCannotLogIn(username, password);
    }

    @Test
    void passwordOf129EmojiIsTooLong() {
        String username = ParleyClient.uniqueUsername("longemoji");
        String password = repeat(GRINNING_FACE, 129);

        Response response = register(username, null, password);

        assertRestError(response, 400, "invalid_password");
        assertCannotLogIn(username, password);
    }

    @Test
    void passwordOfExactlyEightCodePointsIsAccepted() {
        String username = ParleyClient.uniqueUsername("eight");

        Response response = register(username, null, "abcdefgh");

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertCanLogIn(username, "abcdefgh");
    }

    @Test
    void passwordOfExactly128CodePointsIsAccepted() {
        String username = ParleyClient.uniqueUsername("onetwoeight");
        String password = "p".repeat(128);

        Response response = register(username, null, password);

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertCanLogIn(username, password);
    }

    @Test
    void passwordOf128EmojiIsAcceptedAndNotTruncated() {
        String username = ParleyClient.uniqueUsername("emojipass");
        String password = repeat(GRINNING_FACE, 128);
        assertThat(password).hasSize(256);

        Response response = register(username, null, password);

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        String first127 = password.substring(0, password.offsetByCodePoints(0, 127));
        assertCannotLogIn(username, first127);
        assertCanLogIn(username, password);
    }

    @Test
    void passwordIsNotTrimmed() {
        String username = ParleyClient.uniqueUsername("spaces");
        String password = "  padded password  ";

        Response response = register(username, null, password);

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertCannotLogIn(username, password.strip());
        assertCanLogIn(username, password);
    }

    // ---- display names, device names ----

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "   ", "tab\there", "new\nline",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
    void invalidDisplayNameIsRefusedAndCreatesNoAccount(String displayName) {
        String username = ParleyClient.uniqueUsername("named");

        Response response = client.post("/api/v1/accounts", null,
                fields("username", username, "displayName", displayName, "password", ParleyClient.PASSWORD));

        assertRestError(response, 400, "invalid_display_name");
        assertCannotLogIn(username, ParleyClient.PASSWORD);
    }

    @Test
    void displayNameOf64EmojiIsAccepted() {
        String username = ParleyClient.uniqueUsername("emojiname");

        Response response = client.post("/api/v1/accounts", null, fields("username", username,
                "displayName", repeat(GRINNING_FACE, 64), "password", ParleyClient.PASSWORD));

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.as(ProfileView.class).displayName()).isEqualTo(repeat(GRINNING_FACE, 64));
    }

    @Test
    void loginWithAnInvalidDeviceNameIsRefusedAndStartsNoSession() {
        Account account = client.register("devices");
        Session existing = client.login(account, "Laptop");

        Response tooLong = client.post("/api/v1/sessions", null, fields("username", account.username(),
                "password", account.password(), "deviceName", "d".repeat(65)));
        Response control = client.post("/api/v1/sessions", null, fields("username", account.username(),
                "password", account.password(), "deviceName", "evil\u0007bell"));

        assertRestError(tooLong, 400, "invalid_device_name");
        assertRestError(control, 400, "invalid_device_name");
        assertThat(client.get("/api/v1/devices", existing.token()).as(DeviceList.class).devices()).hasSize(1);
    }

    // ---- changing the password, ending sessions ----

    @Test
    void changingThePasswordWithAWrongCurrentPasswordIsRefusedAndChangesNothing() {
        Account account = client.register("changer");
        Session laptop = client.login(account, "Laptop");
        Session phone = client.login(account, "Phone");

        Response response = client.request("PUT", "/api/v1/me/password", laptop.token(),
                json(fields("currentPassword", "not my password", "newPassword", "a brand new password")));

        assertRestError(response, 400, "wrong_password");
        assertThat(client.get("/api/v1/me", phone.token()).status()).as("other session still valid").isEqualTo(200);
        assertCannotLogIn(account.username(), "a brand new password");
        assertCanLogIn(account.username(), account.password());
    }

    @Test
    void changingThePasswordToSevenCodePointsIsRefusedAndChangesNothing() {
        Account account = client.register("changer");
        Session laptop = client.login(account, "Laptop");
        Session phone = client.login(account, "Phone");

        Response response = client.request("PUT", "/api/v1/me/password", laptop.token(),
                json(fields("currentPassword", account.password(), "newPassword", "1234567")));

        assertRestError(response, 400, "invalid_password");
        assertThat(client.get("/api/v1/me", phone.token()).status()).as("other session still valid").isEqualTo(200);
        assertCannotLogIn(account.username(), "1234567");
        assertCanLogIn(account.username(), account.password());
    }

    @Test
    void changingThePasswordWithoutTheCurrentPasswordIsMissingField() {
        Account account = client.register("changer");
        Session laptop = client.login(account, "Laptop");

        Response response = client.request("PUT", "/api/v1/me/password", laptop.token(),
                json(fields("newPassword", "a brand new password")));

        assertRestError(response, 400, "missing_field");
        assertCannotLogIn(account.username(), "a brand new password");
    }

    @Test
    void revokingAMalformedDeviceIdIsDeviceNotFound() {
        Session session = client.login(client.register("revoker"), "Laptop");

        assertRestError(client.request("DELETE", "/api/v1/devices/not-a-uuid", session.token(), null), 404,
                "device_not_found");
        assertThat(client.get("/api/v1/me", session.token()).status()).isEqualTo(200);
    }

    @Test
    void revokingAnotherUsersDeviceLooksLikeANonexistentDeviceAndLeavesItWorking() {
        Session alice = client.login(client.register("revoker"), "Laptop");
        Session bob = client.login(client.register("victim"), "Phone");

        Response others = client.request("DELETE", "/api/v1/devices/" + bob.deviceId(), alice.token(), null);
        Response random = client.request("DELETE", "/api/v1/devices/" + UUID.randomUUID(), alice.token(), null);

        assertRestError(others, 404, "device_not_found");
        assertThat(others.body()).isEqualTo(random.body());
        assertThat(client.get("/api/v1/me", bob.token()).status()).isEqualTo(200);
    }

    // ---- unknown endpoints ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET /api/v1/nope", "POST /api/v1/nope", "GET /", "GET /api/v2/me",
            "DELETE /api/v1/conversations"})
    void unknownEndpointIsJsonNotFound(String request) {
        String[] parts = request.split(" ");
        Session session = client.login(client.register("lost"), "Laptop");

        Response response = client.request(parts[0], parts[1], session.token(), parts[0].equals("POST") ? "{}" : null);

        assertRestError(response, 404, "not_found");
    }

    // ---- bearer tokens ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET /api/v1/me", "GET /api/v1/conversations", "GET /api/v1/devices",
            "POST /api/v1/conversations/direct", "POST /api/v1/me/invite", "DELETE /api/v1/sessions/current"})
    void missingBearerTokenIsUnauthenticated(String request) {
        String[] parts = request.split(" ");

        Response response = client.request(parts[0], parts[1], null,
                parts[0].equals("POST") ? json(fields("username", "someone")) : null);

        assertUnauthorized(response, "unauthenticated");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"Bearer garbage", "Bearer ", "Basic dXNlcjpwYXNz", "garbage",
            "Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void garbageAuthorizationIsUnauthenticated(String authorization) {
        Response response = client.request("GET", "/api/v1/me", null, null, Map.of("Authorization", authorization));

        assertUnauthorized(response, "unauthenticated");
    }

    @Test
    void tokenOfALoggedOutSessionIsUnauthenticated() {
        Session session = client.login(client.register("leaver"), "Laptop");
        Response logout = client.request("DELETE", "/api/v1/sessions/current", session.token(), null);
        assertThat(logout.status()).as(logout.body()).isEqualTo(204);

        assertUnauthorized(client.get("/api/v1/me", session.token()), "unauthenticated");
        assertUnauthorized(client.request("DELETE", "/api/v1/sessions/current", session.token(), null),
                "unauthenticated");
    }

    @Test
    void tokenOfARevokedDeviceIsUnauthenticatedWhileTheOtherDeviceWorks() {
        Account account = client.register("revoker");
        Session laptop = client.login(account, "Laptop");
        Session phone = client.login(account, "Phone");
        Response revoke = client.request("DELETE", "/api/v1/devices/" + phone.deviceId(), laptop.token(), null);
        assertThat(revoke.status()).as(revoke.body()).isEqualTo(204);

        assertUnauthorized(client.get("/api/v1/me", phone.token()), "unauthenticated");
        assertThat(client.get("/api/v1/me", laptop.token()).status()).isEqualTo(200);
    }

    @Test
    void tokenIdleForMoreThanThirtyDaysIsExpired() {
        try (TestServer server = TestServer.start(backend, Map.of())) {
            ParleyClient own = server.client();
            Session session = own.login(own.register("sleeper"), "Laptop");
            assertThat(own.get("/api/v1/me", session.token()).status()).isEqualTo(200);

            server.clock().advance(Duration.ofDays(31));

            assertUnauthorized(own.get("/api/v1/me", session.token()), "token_expired");
            // The expired session is ended, so the token stays refused (now as any unknown session).
            assertUnauthorized(own.get("/api/v1/me", session.token()), "unauthenticated");
            // Logging in again works.
            assertThat(own.get("/api/v1/me", own.login(session.account(), "Laptop").token()).status()).isEqualTo(200);
        }
    }

    // ---- history ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"before=0", "before=-1", "before=abc", "before=1.5", "before=", "before=99999999999999999999",
            "limit=0", "limit=-1", "limit=201", "limit=abc", "limit=2.5", "limit=", "limit=99999999999"})
    void historyWithBadBeforeOrLimitIsInvalidField(String query) {
        Fixture f = twoUsersInAChat();

        assertRestError(client.get(historyPath(f.chat.id(), query), f.alice.token()), 400, "invalid_field");
    }

    @Test
    void historyAcceptsTheLimitBoundaries() {
        Fixture f = twoUsersInAChat();

        Response one = client.get(historyPath(f.chat.id(), "limit=1"), f.alice.token());
        Response max = client.get(historyPath(f.chat.id(), "limit=200&before=1"), f.alice.token());

        assertThat(one.status()).as(one.body()).isEqualTo(200);
        assertThat(one.as(HistoryPage.class).messages()).hasSize(1);
        assertThat(max.status()).as(max.body()).isEqualTo(200);
        assertThat(max.as(HistoryPage.class).messages()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"not-a-uuid", "12345", "00000000-0000-0000-0000-00000000000g", "%20",
            "00000000-0000-0000-0000-0000000000000000"})
    void malformedConversationIdInPathIsConversationNotFound(String id) {
        Fixture f = twoUsersInAChat();

        assertRestError(client.get("/api/v1/conversations/" + id, f.alice.token()), 404, "conversation_not_found");
        assertRestError(client.get("/api/v1/conversations/" + id + "/messages", f.alice.token()), 404,
                "conversation_not_found");
    }

    // ---- starting chats ----

    @Test
    void startingAChatWithYourselfIsRefusedAndCreatesNothing() {
        Session alice = client.login(client.register("narcissus"), "Laptop");
        ProfileView me = client.get("/api/v1/me", alice.token()).as(ProfileView.class);

        Response byName = client.post("/api/v1/conversations/direct", alice.token(),
                fields("username", alice.account().username().toUpperCase()));
        Response byInvite = client.post("/api/v1/conversations/direct", alice.token(),
                fields("inviteCode", me.invite().url()));

        assertRestError(byName, 400, "cannot_chat_with_self");
        assertRestError(byInvite, 400, "cannot_chat_with_self");
        assertNoConversations(alice);
    }

    @Test
    void startingAChatWithAnUnknownUserIsUserNotFound() {
        Session alice = client.login(client.register("lonely"), "Laptop");

        Response response = client.post("/api/v1/conversations/direct", alice.token(),
                fields("username", ParleyClient.uniqueUsername("nobody")));

        assertRestError(response, 404, "user_not_found");
        assertNoConversations(alice);
    }

    @Test
    void startingAChatWithAMalformedUsernameIsInvalidUsername() {
        Session alice = client.login(client.register("lonely"), "Laptop");

        Response response = client.post("/api/v1/conversations/direct", alice.token(), fields("username", "no way!"));

        assertRestError(response, 400, "invalid_username");
        assertNoConversations(alice);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"not-a-real-code", "", "   ", "http://localhost/invite/", "../../etc/passwd"})
    void startingAChatWithABadInviteCodeIsInviteNotFound(String code) {
        Session alice = client.login(client.register("invited"), "Laptop");

        Response response = client.post("/api/v1/conversations/direct", alice.token(), fields("inviteCode", code));

        assertRestError(response, 404, "invite_not_found");
        assertNoConversations(alice);
    }

    @Test
    void startingAChatWithAControlCharacterInTheInviteCodeIsInviteNotFound() {
        Session alice = client.login(client.register("invited"), "Laptop");

        Response response = client.post("/api/v1/conversations/direct", alice.token(),
                fields("inviteCode", "abc\u0000def"));

        assertRestError(response, 404, "invite_not_found");
        assertNoConversations(alice);
    }

    @Test
    void startingAChatWithAReplacedInviteCodeIsInviteNotFound() {
        Session alice = client.login(client.register("invited"), "Laptop");
        Session bob = client.login(client.register("inviter"), "Laptop");
        String oldCode = client.get("/api/v1/me", bob.token()).as(ProfileView.class).invite().code();
        assertThat(client.post("/api/v1/me/invite", bob.token(), "").status()).isEqualTo(200);

        Response response = client.post("/api/v1/conversations/direct", alice.token(), fields("inviteCode", oldCode));

        assertRestError(response, 404, "invite_not_found");
        assertNoConversations(alice);
        assertNoConversations(bob);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"not-a-real-code", "%20", "%00", "abc%00def", "%ED%A0%80"})
    void lookingUpABadInviteCodeIsInviteNotFound(String code) {
        Session alice = client.login(client.register("invited"), "Laptop");

        assertRestError(client.get("/api/v1/invites/" + code, alice.token()), 404, "invite_not_found");
    }

    @Test
    void startingAChatWithBothUsernameAndInviteCodeIsInvalidField() {
        Session alice = client.login(client.register("greedy"), "Laptop");
        Session bob = client.login(client.register("target"), "Laptop");
        String bobsCode = client.get("/api/v1/me", bob.token()).as(ProfileView.class).invite().code();

        Response response = client.post("/api/v1/conversations/direct", alice.token(),
                fields("username", bob.account().username(), "inviteCode", bobsCode));

        assertRestError(response, 400, "invalid_field");
        assertNoConversations(alice);
        assertNoConversations(bob);
    }

    @Test
    void startingAChatWithNeitherUsernameNorInviteCodeIsInvalidField() {
        Session alice = client.login(client.register("vague"), "Laptop");

        assertRestError(client.post("/api/v1/conversations/direct", alice.token(), "{}"), 400, "invalid_field");
        assertRestError(client.post("/api/v1/conversations/direct", alice.token(),
                "{\"username\":null,\"inviteCode\":null}"), 400, "invalid_field");
        assertNoConversations(alice);
    }

    // ---- helpers ----

    private record Fixture(Session alice, Session bob, ConversationView chat) {
    }

    private Fixture twoUsersInAChat() {
        Session alice = client.login(client.register("alice"), "Laptop");
        Session bob = client.login(client.register("bob"), "Laptop");
        return new Fixture(alice, bob, client.startDirect(alice, bob.account().username()));
    }

    private static String historyPath(ConversationId id, String query) {
        return "/api/v1/conversations/" + id + "/messages?" + query;
    }

    private Response register(String username, String email, String password) {
        return client.post("/api/v1/accounts", null,
                fields("username", username, "displayName", "Someone", "email", email, "password", password));
    }

    private void assertCannotLogIn(String username, String password) {
        Response response = client.post("/api/v1/sessions", null,
                fields("username", username, "password", password, "deviceName", "Test"));
        assertUnauthorized(response, "invalid_credentials");
    }

    private void assertCanLogIn(String username, String password) {
        Response response = client.post("/api/v1/sessions", null,
                fields("username", username, "password", password, "deviceName", "Test"));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.as(LoginResponse.class).user().username()).isEqualTo(username.strip().toLowerCase());
    }

    private void assertNoConversations(Session session) {
        Response response = client.get("/api/v1/conversations", session.token());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.as(ConversationList.class).conversations()).isEmpty();
    }

    private static String randomLetters(int count) {
        StringBuilder letters = new StringBuilder();
        for (int i = 0; i < count; i++) {
            letters.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
        }
        return letters.toString();
    }
}
