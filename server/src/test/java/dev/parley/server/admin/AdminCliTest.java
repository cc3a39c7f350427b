package dev.parley.server.admin;

import dev.parley.server.config.ServerSettings;
import dev.parley.server.support.Backend;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.ParleyClient.Account;
import dev.parley.server.support.ParleyClient.Session;
import dev.parley.server.support.TestEnvironment;
import dev.parley.server.support.TestServer;
import io.helidon.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code parley-server admin} end to end: through a running server's socket, and on the database with none running. */
class AdminCliTest {
    private static final String PASSWORD = "admin chose this one";

    @TempDir
    Path temp;

    /** One run of the command line: exit code and what it printed. */
    record Run(int exitCode, String out, String err) {
    }

    private static Run cli(ServerSettings settings, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new AdminCli(() -> settings, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), null,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(List.of(args));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void runsInsideARunningServerThroughItsSocket() {
        try (TestServer server = TestServer.start(Backend.H2, Map.of())) {
            String username = ParleyClient.uniqueUsername("cli");

            Run run = cli(server.settings(), PASSWORD + "\n", "create-user", username);

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).startsWith("Created user " + username);
            server.client().login(new Account(username, PASSWORD, null), "laptop");
        }
    }

    @Test
    void runsOnTheEmbeddedDatabaseWhenTheServerIsStopped() throws Exception {
        Path dataDir = Files.createDirectory(temp.resolve("data"));
        Map<String, String> env = Map.of("PARLEY_DATA_DIR", dataDir.toString());
        Account lena;
        Session laptop;
        ServerSettings settings;
        try (TestServer server = TestServer.start(Backend.H2, env)) {
            lena = server.client().register("lena");
            laptop = server.client().login(lena, "Lena's laptop");
            settings = server.settings();
        }
        assertThat(dataDir.resolve(AdminSocketServer.FILE_NAME)).doesNotExist();
        String username = ParleyClient.uniqueUsername("offline");
        Files.writeString(temp.resolve("password"), PASSWORD + "\n");

        Run mode = cli(settings, "", "registration", "invite-only");
        Run created = cli(settings, "", "create-user", username, "--password-file", temp.resolve("password").toString());
        Run devices = cli(settings, "", "list-devices", lena.username());
        Run revoked = cli(settings, "", "revoke-device", lena.username(), laptop.deviceId().toString());
        Run invite = cli(settings, "", "invite", "create");

        assertThat(List.of(mode, created, devices, revoked, invite)).allSatisfy(r ->
                assertThat(r.exitCode()).as(r.err()).isZero());
        assertThat(devices.out()).contains(laptop.deviceId().toString(), "Lena's laptop", "active");
        String code = invite.out().lines().findFirst().orElseThrow();
        try (TestServer restarted = TestServer.start(Backend.H2, env)) {
            ParleyClient client = restarted.client();
            assertThat(restarted.adminOk("registration")).isEqualTo("Registration: invite-only");
            assertThat(client.get("/api/v1/me", laptop.token()).status()).isEqualTo(401);
            client.login(new Account(username, PASSWORD, null), "laptop");
            assertThat(client.post("/api/v1/accounts", null, Map.of("username", ParleyClient.uniqueUsername("mia"),
                    "displayName", "Mia", "password", PASSWORD, "inviteCode", code)).status()).isEqualTo(201);
        }
    }

    @Test
    void runsOnPostgresqlDirectlyWhenNoServerRunsOnThisMachine() {
        TestEnvironment.requirePostgresAndRedis();
        try (TestServer server = TestServer.start(Backend.POSTGRES_REDIS, Map.of())) {
            Account nora = server.client().register("nora");
            Session phone = server.client().login(nora, "phone");
            // The same database, seen from another machine: a data dir with no server's socket in it.
            ServerSettings elsewhere = ServerSettings.load(Config.create(), Map.of(
                    "PARLEY_DATA_DIR", temp.toString(), "PARLEY_DB_URL", server.settings().dbUrl(),
                    "PARLEY_DB_USER", server.settings().dbUser(), "PARLEY_DB_PASSWORD", server.settings().dbPassword()));

            Run revoked = cli(elsewhere, "", "revoke-device", nora.username(), phone.deviceId().toString());
            Run reset = cli(elsewhere, PASSWORD + "\n", "reset-password", nora.username());

            assertThat(revoked.exitCode()).as(revoked.err()).isZero();
            assertThat(reset.exitCode()).as(reset.err()).isZero();
            assertThat(server.client().get("/api/v1/me", phone.token()).status()).isEqualTo(401);
            server.client().login(new Account(nora.username(), PASSWORD, null), "laptop");
        }
    }

    @Test
    void badUsageExitsWithTwoAndTheUsageOnStandardError() {
        ServerSettings unused = null;

        Run unknown = cli(unused, "", "frobnicate");
        Run missing = cli(unused, "", "revoke-device", "bob");
        Run help = cli(unused, "", "help");

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("Unknown admin command: frobnicate").contains("Usage:");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).startsWith("Expected: revoke-device <username> <deviceId>");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("Usage: java -jar parley-server.jar admin");
    }

    @Test
    void aMissingOrTooShortPasswordFailsBeforeAnythingChanges() {
        try (TestServer server = TestServer.start(Backend.H2, Map.of())) {
            String username = ParleyClient.uniqueUsername("nopass");

            Run none = cli(server.settings(), "", "create-user", username);
            Run tooShort = cli(server.settings(), "short\n", "create-user", username);

            assertThat(none.exitCode()).isEqualTo(1);
            assertThat(none.err()).contains("No password on standard input");
            assertThat(tooShort.exitCode()).isEqualTo(1);
            assertThat(tooShort.err()).contains("8 to 128 characters");
            assertThat(server.admin(null, "list-devices", username).output()).startsWith("No user is named");
        }
    }
}
