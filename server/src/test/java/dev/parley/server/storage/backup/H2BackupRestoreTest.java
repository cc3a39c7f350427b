package dev.parley.server.storage.backup;

import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MessageKind;
import dev.parley.protocol.model.MessageView;
import dev.parley.server.config.ServerSettings;
import dev.parley.server.admin.AdminResult;
import dev.parley.server.support.Backend;
import dev.parley.server.support.DeviceSocketClient;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.ParleyClient.Account;
import dev.parley.server.support.ParleyClient.Session;
import dev.parley.server.support.TestServer;
import io.helidon.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded database is backed up while the server runs (H2's BACKUP TO) and restored into a data
 * dir that lost everything, key included; the restored server serves exactly what was there at backup.
 */
class H2BackupRestoreTest {
    @TempDir
    Path work;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void anOnlineBackupRestoresIntoAnEmptyDataDirWithItsKey() throws Exception {
        Path dataDir = work.resolve("data");
        Path backup = work.resolve("backups/parley-1.zip");
        Path savedKey = work.resolve("backups/master.key");
        Account alice;
        ConversationView chat;
        List<String> beforeBackup = new ArrayList<>();
        try (TestServer server = TestServer.start(Backend.H2, Map.of("PARLEY_DATA_DIR", dataDir.toString()))) {
            ParleyClient client = server.client();
            alice = client.register("alice");
            Account bob = client.register("bob");
            Session aliceSession = client.login(alice, "Laptop");
            chat = client.startDirect(aliceSession, bob.username());
            try (DeviceSocketClient socket = client.connect(aliceSession)) {
                for (int i = 0; i < 20; i++) {
                    String text = "before backup " + i + " ✓";
                    socket.sendText(chat.id(), text);
                    beforeBackup.add(text);
                }
                // The server is running and keeps running: the backup is taken inside it, through the admin socket.
                assertThat(server.adminOk("backup", backup.toString())).contains("Backed up the embedded database to "
                        + backup, "Keep the master key with it");
                assertThat(backup).exists();
                AdminResult again = server.admin(null, "backup", backup.toString());
                assertThat(again.exitCode()).isEqualTo(1);
                assertThat(again.output()).contains("exists already");
                socket.sendText(chat.id(), "after backup");
            }
            Files.copy(dataDir.resolve("master.key"), savedKey);
        }
        Path emptyDataDir = work.resolve("new-machine");

        int exit = restore(emptyDataDir, "--from", backup.toString(), "--key", savedKey.toString());

        assertThat(exit).as(printed()).isZero();
        assertThat(printed()).contains("Checked: 2 users, 1 conversations, 22 messages; the master key reads them.");
        try (TestServer restored = TestServer.start(Backend.H2, Map.of("PARLEY_DATA_DIR", emptyDataDir.toString()))) {
            ParleyClient client = restored.client();
            Session session = client.login(alice, "Restored laptop");
            try (DeviceSocketClient socket = client.connect(session)) {
                List<String> texts = socket.syncAll(List.of(), 100).messages().stream()
                        .filter(m -> m.kind() == MessageKind.TEXT).map(MessageView::text).toList();
                assertThat(texts).containsExactlyElementsOf(beforeBackup);
            }
        }
    }

    @Test
    void refusesWhileAServerRunsOnTheDataDirAndWithoutTheKeyItNeeds() throws Exception {
        Path dataDir = work.resolve("data");
        Path backup = work.resolve("b.zip");
        try (TestServer server = TestServer.start(Backend.H2, Map.of("PARLEY_DATA_DIR", dataDir.toString()))) {
            ParleyClient client = server.client();
            Session alice = client.login(client.register("alice"), "Laptop");
            ConversationView chat = client.startDirect(alice, client.register("bob").username());
            try (DeviceSocketClient socket = client.connect(alice)) {
                socket.sendText(chat.id(), "hello");
            }
            server.adminOk("backup", backup.toString());

            assertThat(restore(dataDir, "--from", backup.toString())).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("in use by a running Parley server: stop it first");
            assertThat(dataDir.resolve("parley.mv.db")).exists();
        }

        Path lostEverything = work.resolve("lost");
        assertThat(restore(lostEverything, "--from", backup.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("master.key is missing");

        assertThat(restore(lostEverything, "--from", work.resolve("nothing.zip").toString())).isEqualTo(1);
        assertThat(restore(lostEverything)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--from <backup.zip>");
    }

    @Test
    void aRestoreSetsThePreviousFilesAsideInsteadOfDeletingThem() throws Exception {
        Path dataDir = work.resolve("data");
        Path backup = work.resolve("b.zip");
        try (TestServer server = TestServer.start(Backend.H2, Map.of("PARLEY_DATA_DIR", dataDir.toString()))) {
            server.client().register("carol");
            server.adminOk("backup", backup.toString());
            server.client().register("dave");
        }

        assertThat(restore(dataDir, "--from", backup.toString())).as(printed()).isZero();

        assertThat(printed()).contains("Checked: 1 users", "Set aside");
        try (var files = Files.list(dataDir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(name -> name.startsWith("parley.mv.db.before-restore-"));
        }
    }

    @Test
    void aServerOnPostgresqlPointsToPgDump() {
        try (TestServer server = TestServer.start(Backend.POSTGRES_REDIS, Map.of())) {
            AdminResult result = server.admin(null, "backup", work.resolve("pg.zip").toString());
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.output()).contains("PostgreSQL", "pg_dump");
            assertThat(work.resolve("pg.zip")).doesNotExist();
        }
    }

    private int restore(Path dataDir, String... args) {
        out.reset();
        err.reset();
        ServerSettings settings = ServerSettings.load(Config.create(), Map.of("PARLEY_DATA_DIR", dataDir.toString()));
        return new RestoreBackupCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC()).run(List.of(args), settings);
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }
}
