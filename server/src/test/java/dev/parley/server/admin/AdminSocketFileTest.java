package dev.parley.server.admin;

import dev.parley.server.support.Backend;
import dev.parley.server.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin socket file: only the server's user may use it, and it does not outlive the server. */
class AdminSocketFileTest {
    @TempDir
    Path dataDir;

    @Test
    void theSocketIsOwnerOnlyAndRemovedWhenTheServerStops() throws Exception {
        Path socket = dataDir.resolve(AdminSocketServer.FILE_NAME);
        try (TestServer server = TestServer.start(Backend.H2, Map.of("PARLEY_DATA_DIR", dataDir.toString()))) {
            assertThat(Files.getPosixFilePermissions(socket))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            assertThat(server.adminOk("registration")).isEqualTo("Registration: open");
            // Nothing else is left in the data dir by the owner-only bind.
            try (var files = Files.list(dataDir)) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".admin-"));
            }
        }
        assertThat(socket).doesNotExist();
    }

    @Test
    void aStaleSocketFileFromAKilledServerIsReplaced() throws Exception {
        Path socket = dataDir.resolve(AdminSocketServer.FILE_NAME);
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists();

        try (TestServer server = TestServer.start(Backend.H2, Map.of("PARLEY_DATA_DIR", dataDir.toString()))) {
            assertThat(server.adminOk("registration")).isEqualTo("Registration: open");
        }
    }
}
