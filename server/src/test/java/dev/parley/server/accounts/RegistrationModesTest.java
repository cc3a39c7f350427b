package dev.parley.server.accounts;

import dev.parley.server.support.Backend;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.ParleyClient.Response;
import dev.parley.server.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may register, as the admin sets it: open, invite-only (with invites that run out, expire and are
 * revoked) and closed. Each backend gets a server of its own, as these tests change server-wide settings.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class RegistrationModesTest {
    private static final Map<Backend, TestServer> SERVERS = new EnumMap<>(Backend.class);

    @Parameter
    Backend backend;

    private TestServer server;
    private ParleyClient client;

    @BeforeEach
    void server() {
        // Cheap password hashing: the concurrent tests register twenty accounts at once.
        server = SERVERS.computeIfAbsent(backend, b -> TestServer.start(b, Map.of(
                "PARLEY_PASSWORD_HASH_MEMORY_KIB", "64", "PARLEY_PASSWORD_HASH_ITERATIONS", "1")));
        client = server.client();
        server.adminOk("registration", "open");
    }

    @AfterAll
    static void stopServers() {
        SERVERS.values().forEach(TestServer::close);
        SERVERS.clear();
    }

    private Response register(String hint, String inviteCode) {
        Map<String, Object> body = new HashMap<>(Map.of("username", ParleyClient.uniqueUsername(hint),
                "displayName", hint, "password", ParleyClient.PASSWORD));
        if (inviteCode != null) {
            body.put("inviteCode", inviteCode);
        }
        return client.post("/api/v1/accounts", null, body);
    }

    /** A new invite's code (the first line that {@code invite create} prints). */
    private String newInvite(String... options) {
        return createInvite(options).getFirst();
    }

    /** What {@code invite create} prints: the code, then "(invite <id>: ...)". */
    private List<String> createInvite(String... options) {
        List<String> args = new ArrayList<>(List.of("invite", "create"));
        args.addAll(List.of(options));
        return server.adminOk(args.toArray(String[]::new)).lines().toList();
    }

    @Test
    void openIsTheDefaultAndNeitherChecksNorUsesAnInviteCode() {
        String code = newInvite();

        assertThat(server.adminOk("registration")).isEqualTo("Registration: open");
        assertThat(register("anna", null).status()).isEqualTo(201);
        assertThat(register("anton", "not-a-real-code").status()).isEqualTo(201);
        assertThat(register("arne", code).status()).isEqualTo(201);
        server.adminOk("registration", "invite-only");
        assertThat(register("axel", code).status()).isEqualTo(201);
    }

    @Test
    void closedRefusesEveryoneButTheAdminCanStillCreateAccounts() {
        server.adminOk("registration", "closed");

        Response refused = register("bert", null);
        String username = ParleyClient.uniqueUsername("made");
        String created = server.admin(ParleyClient.PASSWORD, "create-user", username).output();

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorCode()).isEqualTo("registration_closed");
        assertThat(server.adminOk("registration")).isEqualTo("Registration: closed");
        assertThat(created).startsWith("Created user " + username);
        client.login(new ParleyClient.Account(username, ParleyClient.PASSWORD, null), "laptop");
    }

    @Test
    void inviteOnlyWantsAnInviteAndGivesOneAnswerForEveryBadOne() {
        server.adminOk("registration", "invite-only");
        String usedUp = newInvite();
        assertThat(register("carl", usedUp).status()).isEqualTo(201);
        String revoked = newInvite();
        server.adminOk("invite", "revoke", revoked);
        String expired = newInvite("--expires", "PT1H");
        server.clock().advance(Duration.ofHours(2));

        Response none = register("cleo", null);
        List<Response> bad = List.of(register("cleo", "AAAAAAAAAAAAAAAAAAAAAA"), register("cleo", usedUp),
                register("cleo", revoked), register("cleo", expired), register("cleo", "junk"));

        assertThat(none.status()).isEqualTo(403);
        assertThat(none.errorCode()).isEqualTo("invite_required");
        assertThat(bad).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.errorCode()).isEqualTo("invite_invalid");
        });
        assertThat(bad).extracting(Response::body).containsOnly(bad.getFirst().body());
    }

    @Test
    void anInviteAdmitsAsManyAccountsAsItHasUses() {
        server.adminOk("registration", "invite-only");
        String code = newInvite("--uses", "2");

        Response first = register("dora", code);
        Response second = register("dirk", " " + code + " ");
        Response third = register("dina", code);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(third.status()).isEqualTo(403);
        assertThat(third.errorCode()).isEqualTo("invite_invalid");
        assertThat(server.adminOk("invite", "list")).contains("used up");
    }

    @Test
    void aRegistrationRefusedForATakenUsernameDoesNotUseTheInvite() {
        ParleyClient.Account taken = client.register("emil");
        server.adminOk("registration", "invite-only");
        String code = newInvite();

        Response clash = client.post("/api/v1/accounts", null, Map.of("username", taken.username(),
                "displayName", "Emil", "password", ParleyClient.PASSWORD, "inviteCode", code));

        assertThat(clash.status()).isEqualTo(409);
        assertThat(register("emma", code).status()).isEqualTo(201);
    }

    @Test
    void anInviteStopsWorkingWhenItExpires() {
        server.adminOk("registration", "invite-only");
        String code = newInvite("--uses", "5", "--expires", "P1D");
        assertThat(register("finn", code).status()).isEqualTo(201);

        server.clock().advance(Duration.ofDays(1).plusSeconds(1));

        assertThat(register("fred", code).errorCode()).isEqualTo("invite_invalid");
        assertThat(server.adminOk("invite", "list")).contains("expired");
    }

    @Test
    void anInviteCanBeRevokedByTheIdThatTheListShows() {
        server.adminOk("registration", "invite-only");
        List<String> created = createInvite("--uses", "3");
        String code = created.getFirst();
        String id = created.get(1).substring("(invite ".length(), "(invite ".length() + 12);
        assertThat(server.adminOk("invite", "list")).contains(id).doesNotContain(code);

        assertThat(server.adminOk("invite", "revoke", id)).isEqualTo("Revoked the invite.");

        assertThat(register("gus", code).errorCode()).isEqualTo("invite_invalid");
        assertThat(server.admin(null, "invite", "revoke", id).exitCode()).isEqualTo(1);
        assertThat(server.adminOk("invite", "list").lines().filter(l -> l.startsWith(id)))
                .singleElement().asString().contains("revoked");
    }

    @Test
    void concurrentRegistrationsWithAOneUseInviteAdmitExactlyOne() throws Exception {
        server.adminOk("registration", "invite-only");
        for (int round = 0; round < 5; round++) {
            assertThat(hammer(newInvite(), 20)).as("round %d", round).isEqualTo(1);
        }
        assertThat(hammer(newInvite("--uses", "3"), 20)).isEqualTo(3);
    }

    /** {@code threads} registrations with one invite, started together; how many were admitted. */
    private int hammer(String code, int threads) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < threads; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return register("race", code);
                }));
            }
            start.countDown();
        }
        int admitted = 0;
        for (Future<Response> answer : answers) {
            Response response = answer.get();
            if (response.status() == 201) {
                admitted++;
            } else {
                assertThat(response.status()).as(response.body()).isEqualTo(403);
                assertThat(response.errorCode()).isEqualTo("invite_invalid");
            }
        }
        return admitted;
    }
}
