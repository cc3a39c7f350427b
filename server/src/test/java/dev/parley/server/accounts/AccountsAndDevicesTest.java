package dev.parley.server.accounts;

import dev.parley.protocol.rest.DeviceList;
import dev.parley.protocol.rest.DeviceView;
import dev.parley.protocol.rest.ProfileView;
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

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Registration, login, logout, device sessions and password changes. */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class AccountsAndDevicesTest {
    @Parameter
    Backend backend;

    private ParleyClient client;

    @BeforeEach
    void server() {
        client = TestServer.shared(backend).client();
    }

    @Test
    void registrationFoldsUsernameAndEmailToLowerCase() {
        String username = ParleyClient.uniqueUsername("carol");
        Response response = client.post("/api/v1/accounts", null, Map.of("username", username.toUpperCase(),
                "displayName", "  Carol C  ", "email", "Carol." + username + "@Example.ORG", "password", "p4ssw0rd-long"));

        assertThat(response.status()).isEqualTo(201);
        ProfileView profile = response.as(ProfileView.class);
        assertThat(profile.username()).isEqualTo(username);
        assertThat(profile.displayName()).isEqualTo("Carol C");
        assertThat(profile.email()).isEqualTo("carol." + username + "@example.org");
        assertThat(profile.invite().code()).hasSizeGreaterThanOrEqualTo(22);
        assertThat(profile.invite().url()).endsWith("/invite/" + profile.invite().code());
    }

    @Test
    void loginWorksWithAnyCaseOfTheUsernameAndReturnsAFreshTokenPerDevice() {
        Account dave = client.register("dave");
        Response first = client.post("/api/v1/sessions", null,
                Map.of("username", dave.username().toUpperCase(), "password", dave.password(), "deviceName", "one"));
        Session second = client.login(dave, "two");

        assertThat(first.status()).isEqualTo(201);
        String firstToken = first.as(dev.parley.protocol.rest.LoginResponse.class).token();
        assertThat(firstToken).isNotEqualTo(second.token());
        // 256 bits in unpadded base64url is 43 characters.
        assertThat(firstToken).hasSize(43);
        assertThat(client.get("/api/v1/me", firstToken).as(ProfileView.class).username()).isEqualTo(dave.username());
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() {
        Account erin = client.register("erin");
        Response wrongPassword = client.post("/api/v1/sessions", null,
                Map.of("username", erin.username(), "password", "not the password"));
        Response unknownUser = client.post("/api/v1/sessions", null,
                Map.of("username", ParleyClient.uniqueUsername("ghost"), "password", "not the password"));

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownUser.status()).isEqualTo(401);
        assertThat(wrongPassword.body()).isEqualTo(unknownUser.body());
        assertThat(wrongPassword.errorCode()).isEqualTo("invalid_credentials");
    }

    @Test
    void devicesListsEverySessionAndMarksTheCallingOne() {
        Account frank = client.register("frank");
        Session laptop = client.login(frank, "Laptop");
        Session phone = client.login(frank, "Phone");

        DeviceList devices = client.get("/api/v1/devices", laptop.token()).as(DeviceList.class);

        assertThat(devices.devices()).extracting(DeviceView::name).containsExactly("Laptop", "Phone");
        assertThat(devices.devices()).filteredOn(DeviceView::current).extracting(DeviceView::id)
                .containsExactly(laptop.deviceId());
        assertThat(devices.devices()).extracting(DeviceView::id).contains(phone.deviceId());
    }

    @Test
    void logoutRevokesOnlyThatDeviceAndClosesItsSocket() {
        Account gina = client.register("gina");
        Session laptop = client.login(gina, "Laptop");
        Session phone = client.login(gina, "Phone");
        try (DeviceSocketClient laptopSocket = client.connect(laptop)) {
            assertThat(client.request("DELETE", "/api/v1/sessions/current", laptop.token(), null).status()).isEqualTo(204);

            assertThat(laptopSocket.awaitClose()).isEqualTo(1008);
            assertThat(client.get("/api/v1/me", laptop.token()).status()).isEqualTo(401);
            assertThat(client.get("/api/v1/me", phone.token()).status()).isEqualTo(200);
        }
    }

    @Test
    void aUserCanRevokeAnotherOfTheirDevicesButNotSomeoneElses() {
        Account hank = client.register("hank");
        Session laptop = client.login(hank, "Laptop");
        Session phone = client.login(hank, "Phone");
        Session stranger = client.login(client.register("ivan"), "Stranger");

        Response foreign = client.request("DELETE", "/api/v1/devices/" + phone.deviceId(), stranger.token(), null);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.errorCode()).isEqualTo("device_not_found");
        assertThat(client.get("/api/v1/me", phone.token()).status()).isEqualTo(200);

        assertThat(client.request("DELETE", "/api/v1/devices/" + phone.deviceId(), laptop.token(), null).status())
                .isEqualTo(204);
        assertThat(client.get("/api/v1/me", phone.token()).errorCode()).isEqualTo("unauthenticated");
        assertThat(client.get("/api/v1/devices", laptop.token()).as(DeviceList.class).devices())
                .extracting(DeviceView::id).containsExactly(laptop.deviceId());
    }

    @Test
    void changingThePasswordEndsEveryOtherSessionAndKeepsThisOne() {
        Account jane = client.register("jane");
        Session laptop = client.login(jane, "Laptop");
        Session phone = client.login(jane, "Phone");
        try (DeviceSocketClient phoneSocket = client.connect(phone)) {
            Response changed = client.request("PUT", "/api/v1/me/password", laptop.token(),
                    "{\"currentPassword\":\"" + jane.password() + "\",\"newPassword\":\"a whole new secret\"}");

            assertThat(changed.status()).isEqualTo(204);
            assertThat(phoneSocket.awaitClose()).isEqualTo(1008);
        }
        assertThat(client.get("/api/v1/me", phone.token()).status()).isEqualTo(401);
        assertThat(client.get("/api/v1/me", laptop.token()).status()).isEqualTo(200);
        assertThat(client.post("/api/v1/sessions", null, Map.of("username", jane.username(), "password", jane.password()))
                .status()).isEqualTo(401);
        assertThat(client.post("/api/v1/sessions", null, Map.of("username", jane.username(), "password", "a whole new secret"))
                .status()).isEqualTo(201);
    }

    @Test
    void changingThePasswordNeedsTheCurrentOne() {
        Account kate = client.register("kate");
        Session laptop = client.login(kate, "Laptop");
        Session phone = client.login(kate, "Phone");

        Response refused = client.request("PUT", "/api/v1/me/password", laptop.token(),
                "{\"currentPassword\":\"guess guess\",\"newPassword\":\"a whole new secret\"}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("wrong_password");
        assertThat(client.get("/api/v1/me", phone.token()).status()).isEqualTo(200);
    }

    @Test
    void repeatedFailedLoginsAreThrottledPerAccountWithRetryAfterEvenForUnknownUsers() {
        Account liam = client.register("liam");
        for (String username : new String[]{liam.username(), ParleyClient.uniqueUsername("nobody")}) {
            for (int i = 0; i < 5; i++) {
                assertThat(client.post("/api/v1/sessions", null, Map.of("username", username, "password", "wrong-" + i))
                        .status()).isEqualTo(401);
            }
            Response throttled = client.post("/api/v1/sessions", null, Map.of("username", username, "password", "wrong"));
            assertThat(throttled.status()).isEqualTo(429);
            assertThat(throttled.errorCode()).isEqualTo("too_many_attempts");
            assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 900L);
        }
        // Even the right password waits out the throttle, or guessing would go on at full speed.
        assertThat(client.post("/api/v1/sessions", null, Map.of("username", liam.username(), "password", liam.password()))
                .status()).isEqualTo(429);
    }

    @Test
    void regeneratingTheInviteKillsTheOldLink() {
        Account mia = client.register("mia");
        Session miaLaptop = client.login(mia, "Laptop");
        Session nick = client.login(client.register("nick"), "Laptop");
        String oldCode = mia.profile().invite().code();

        Response regenerated = client.post("/api/v1/me/invite", miaLaptop.token(), "{}");
        String newCode = regenerated.as(dev.parley.protocol.rest.InviteView.class).code();

        assertThat(newCode).isNotEqualTo(oldCode);
        Response viaOld = client.post("/api/v1/conversations/direct", nick.token(), Map.of("inviteCode", oldCode));
        assertThat(viaOld.status()).isEqualTo(404);
        assertThat(viaOld.errorCode()).isEqualTo("invite_not_found");
        Response viaNew = client.post("/api/v1/conversations/direct", nick.token(), Map.of("inviteCode", newCode));
        assertThat(viaNew.status()).isEqualTo(201);
        assertThat(client.get("/api/v1/me", miaLaptop.token()).as(ProfileView.class).invite().code()).isEqualTo(newCode);
    }
}
