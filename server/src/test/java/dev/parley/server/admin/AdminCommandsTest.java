package dev.parley.server.admin;

import dev.parley.protocol.rest.DeviceList;
import dev.parley.server.support.Backend;
import dev.parley.server.support.DeviceSocketClient;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.ParleyClient.Account;
import dev.parley.server.support.ParleyClient.Session;
import dev.parley.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Account commands sent to a running server through its admin socket, checked over its REST API and sockets. */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class AdminCommandsTest {
    private static final String NEW_PASSWORD = "a brand new password";

    @Parameter
    Backend backend;

    private TestServer server;
    private ParleyClient client;

    @BeforeEach
    void server() {
        server = TestServer.shared(backend);
        client = server.client();
    }

    @Test
    void createdUserLogsInWithThePasswordTheAdminGave() {
        String username = ParleyClient.uniqueUsername("made");

        AdminResult result = server.admin(NEW_PASSWORD, "create-user", username.toUpperCase(), "--display-name", "Made Up");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("Created user " + username + " (Made Up)");
        Session session = client.login(new Account(username, NEW_PASSWORD, null), "laptop");
        assertThat(session.login().user().displayName()).isEqualTo("Made Up");
    }

    @Test
    void createUserRefusesATakenUsernameAndAShortPassword() {
        Account taken = client.register("taken");

        AdminResult duplicate = server.admin(NEW_PASSWORD, "create-user", taken.username());
        AdminResult shortPassword = server.admin("short", "create-user", ParleyClient.uniqueUsername("shorty"));

        assertThat(duplicate.exitCode()).isEqualTo(1);
        assertThat(duplicate.output()).contains("username is taken");
        assertThat(shortPassword.exitCode()).isEqualTo(1);
        assertThat(shortPassword.output()).contains("8 to 128 characters");
    }

    @Test
    void resetPasswordEndsEverySessionAndOnlyTheNewPasswordWorks() {
        Account frank = client.register("frank");
        Session laptop = client.login(frank, "laptop");
        Session phone = client.login(frank, "phone");
        try (DeviceSocketClient socket = client.connect(phone)) {
            AdminResult result = server.admin(NEW_PASSWORD, "reset-password", frank.username());

            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("ended 2 sessions", "must log in again", "open connections were closed");
            assertThat(socket.awaitClose()).isEqualTo(1008);
        }
        assertThat(client.get("/api/v1/me", laptop.token()).status()).isEqualTo(401);
        assertThat(client.get("/api/v1/me", phone.token()).status()).isEqualTo(401);
        assertThat(client.post("/api/v1/sessions", null, Map.of("username", frank.username(),
                "password", frank.password())).status()).isEqualTo(401);
        Session fresh = client.login(new Account(frank.username(), NEW_PASSWORD, null), "laptop");
        assertThat(client.get("/api/v1/me", fresh.token()).status()).isEqualTo(200);
    }

    @Test
    void listDevicesShowsEachSessionWithItsStatus() {
        Account gina = client.register("gina");
        Session laptop = client.login(gina, "Gina's laptop");
        Session phone = client.login(gina, "Gina's phone");
        assertThat(client.request("DELETE", "/api/v1/sessions/current", phone.token(), null).status()).isEqualTo(204);

        AdminResult result = server.admin(null, "list-devices", gina.username());

        assertThat(result.exitCode()).isZero();
        String[] lines = result.output().split("\n");
        assertThat(lines[0]).startsWith("DEVICE ID").contains("NAME", "CREATED", "LAST ACTIVE", "STATUS");
        assertThat(lines).hasSize(3);
        assertThat(lines[1]).startsWith(laptop.deviceId().toString()).contains("Gina's laptop").endsWith("active");
        assertThat(lines[2]).startsWith(phone.deviceId().toString()).contains("Gina's phone", "revoked ");
    }

    @Test
    void revokeDeviceClosesItsOpenSocketAtOnceAndLeavesTheOthers() {
        Account hugo = client.register("hugo");
        Session laptop = client.login(hugo, "laptop");
        Session phone = client.login(hugo, "phone");
        try (DeviceSocketClient laptopSocket = client.connect(laptop);
             DeviceSocketClient phoneSocket = client.connect(phone)) {
            AdminResult result = server.admin(null, "revoke-device", hugo.username(), phone.deviceId().toString());

            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("Revoked device " + phone.deviceId(), "open connection was closed");
            assertThat(phoneSocket.awaitClose()).isEqualTo(1008);
            assertThat(laptopSocket.isClosed()).isFalse();
        }
        assertThat(client.get("/api/v1/me", phone.token()).status()).isEqualTo(401);
        DeviceList left = client.get("/api/v1/devices", laptop.token()).as(DeviceList.class);
        assertThat(left.devices()).extracting(d -> d.id()).containsExactly(laptop.deviceId());
    }

    @Test
    void revokingADeviceOfAnotherUserOrAnUnknownUserFails() {
        Account ivy = client.register("ivy");
        Account jack = client.register("jack");
        Session jacks = client.login(jack, "laptop");

        AdminResult wrongUser = server.admin(null, "revoke-device", ivy.username(), jacks.deviceId().toString());
        AdminResult noUser = server.admin(null, "list-devices", ParleyClient.uniqueUsername("nobody"));

        assertThat(wrongUser.exitCode()).isEqualTo(1);
        assertThat(wrongUser.output()).contains("No such device session");
        assertThat(noUser.exitCode()).isEqualTo(1);
        assertThat(noUser.output()).startsWith("No user is named");
        assertThat(client.get("/api/v1/me", jacks.token()).status()).isEqualTo(200);
    }

    @Test
    void badUsageThroughTheSocketIsExitCodeTwo() {
        AdminResult result = server.admin(null, "revoke-device", "bob");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("revoke-device <username> <deviceId>");
    }
}
