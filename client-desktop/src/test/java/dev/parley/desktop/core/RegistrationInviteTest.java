package dev.parley.desktop.core;

import dev.parley.protocol.codec.JsonCodec;
import dev.parley.desktop.host.LocalServerHost;
import dev.parley.server.admin.AdminRequest;
import dev.parley.server.admin.AdminResult;
import dev.parley.server.admin.AdminSocketClient;
import dev.parley.server.admin.AdminSocketServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Signing up on a server whose admin restricts registration: the invite code goes along, refusals are explained. */
class RegistrationInviteTest {
    @TempDir
    Path temp;

    private LocalServerHost server;

    @BeforeEach
    void startServer() {
        server = LocalServerHost.start(temp.resolve("server"), 0);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private String admin(String... args) throws IOException {
        AdminResult result = new AdminSocketClient(AdminSocketServer.pathIn(temp.resolve("server")), new JsonCodec())
                .send(new AdminRequest(List.of(args), null, "test")).orElseThrow();
        assertThat(result.exitCode()).as(result.output()).isZero();
        return result.output();
    }

    private ChatService register(String username, String inviteCode) {
        return new ParleyAccounts(temp.resolve("app-" + username)).register(server.localAddress(), username,
                username, TestClients.PASSWORD, "laptop", inviteCode);
    }

    @Test
    void anInviteOnlyServerAsksForAnInviteAndTakesAValidOne() throws IOException {
        admin("registration", "invite-only");
        String code = admin("invite", "create").lines().findFirst().orElseThrow();

        assertThatThrownBy(() -> register("nina", null)).isInstanceOf(ClientException.class)
                .hasMessage("This server is invite-only: ask its admin for an invite code.")
                .extracting(e -> ((ClientException) e).code()).isEqualTo("invite_required");
        assertThatThrownBy(() -> register("nina", "AAAAAAAAAAAAAAAAAAAAAA")).isInstanceOf(ClientException.class)
                .hasMessageStartingWith("That invite code is not valid");
        try (ChatService nina = register("nina", " " + code + " ")) {
            assertThat(nina.me().username()).isEqualTo("nina");
        }
    }

    @Test
    void aClosedServerSaysToAskItsAdmin() throws IOException {
        admin("registration", "closed");

        assertThatThrownBy(() -> register("otto", null)).isInstanceOf(ClientException.class)
                .hasMessage("This server is not taking new accounts: ask its admin to create one for you.");
    }
}
