package dev.parley.server.storage.copy;

import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MessageKind;
import dev.parley.protocol.model.MessageView;
import dev.parley.server.config.ServerSettings;
import dev.parley.server.support.Backend;
import dev.parley.server.support.DeviceSocketClient;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.ParleyClient.Account;
import dev.parley.server.support.ParleyClient.Session;
import dev.parley.server.support.TestDatabase;
import dev.parley.server.support.TestEnvironment;
import dev.parley.server.support.TestServer;
import io.helidon.config.Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Moving a populated embedded H2 database to PostgreSQL with {@code copy-database}: every user,
 * device, conversation, membership, message and picture arrives, byte for byte, and a server started
 * on the copy serves the same history.
 */
class CopyDatabaseTest {
    private static final List<String> TABLES = List.of("users", "devices", "conversations", "conversation_members",
            "messages", "join_requests", "conversation_avatars", "encryption_keys", "server_settings",
            "registration_invites");

    @TempDir
    Path dataDir;

    private TestDatabase target;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void emptyPostgresDatabase() {
        TestEnvironment.requirePostgresAndRedis();
        target = TestDatabase.create();
    }

    @AfterEach
    void dropIt() {
        target.close();
    }

    @Test
    void movesEverythingFromEmbeddedH2ToPostgresAndTheServerServesTheSameHistory() throws Exception {
        Populated populated = populateH2Server();

        int exit = copy("--to", target.url(), "--to-user", TestEnvironment.PG_USER);

        assertThat(exit).as(output()).isZero();
        assertThat(output()).contains("Copied and verified", "PARLEY_DATA_DIR=" + dataDir.toAbsolutePath());
        try (Connection h2 = openH2(); Connection pg = openTarget()) {
            for (String table : TABLES) {
                assertThat(count(pg, table)).as(table).isEqualTo(count(h2, table));
            }
            assertThat(count(pg, "users")).isEqualTo(3);
            assertThat(count(pg, "conversations")).isEqualTo(2);
            assertThat(count(pg, "messages")).isGreaterThanOrEqualTo(populated.texts().size());
            assertThat(count(pg, "conversation_avatars")).isEqualTo(1);
            assertThat(count(pg, "devices")).isEqualTo(4);
            assertThat(count(pg, "registration_invites")).isEqualTo(1);
            assertThat(sample(pg, "SELECT name, text_value FROM server_settings"))
                    .isEqualTo(sample(h2, "SELECT name, text_value FROM server_settings"))
                    .containsEntry("registration/invite-only", List.of("registration", "invite-only"));
            assertThat(sample(pg, "SELECT id, conversation_id, seq, kind, sender_id, client_message_id, body, key_id, sent_at"
                    + " FROM messages")).isEqualTo(sample(h2, "SELECT id, conversation_id, seq, kind, sender_id,"
                    + " client_message_id, body, key_id, sent_at FROM messages"));
            assertThat(sample(pg, "SELECT id, username, display_name, password_hash, invite_code, created_at FROM users"))
                    .isEqualTo(sample(h2, "SELECT id, username, display_name, password_hash, invite_code, created_at FROM users"));
            assertThat(sample(pg, "SELECT conversation_id, user_id, role, delivered_up_to_seq, read_up_to_seq, joined_seq,"
                    + " left_seq FROM conversation_members")).isEqualTo(sample(h2, "SELECT conversation_id, user_id, role,"
                    + " delivered_up_to_seq, read_up_to_seq, joined_seq, left_seq FROM conversation_members"));
            assertThat(sample(pg, "SELECT id, token_hash, revoked_at FROM devices"))
                    .isEqualTo(sample(h2, "SELECT id, token_hash, revoked_at FROM devices"));
        }

        // The same data dir holds master.key, so a server on the copy decrypts the same texts in the same order.
        try (TestServer onPostgres = TestServer.start(Backend.POSTGRES_REDIS, Map.of(
                "PARLEY_DATA_DIR", dataDir.toString(), "PARLEY_DB_URL", target.url()))) {
            ParleyClient client = onPostgres.client();
            Session alice = client.login(populated.alice(), "New laptop");
            try (DeviceSocketClient socket = client.connect(alice)) {
                List<String> synced = socket.syncAll(List.of(), 100).messages().stream()
                        .filter(m -> m.kind() == MessageKind.TEXT).map(MessageView::text).toList();
                assertThat(synced).containsExactlyInAnyOrderElementsOf(populated.texts());
                List<String> directTexts = socket.syncAll(List.of(), 100).messages().stream()
                        .filter(m -> m.conversationId().equals(populated.direct().id()) && m.kind() == MessageKind.TEXT)
                        .map(MessageView::text).toList();
                assertThat(directTexts).containsExactlyElementsOf(populated.directTexts());
            }
            assertThat(client.post("/api/v1/sessions", null, Map.of("username", populated.bob().username(),
                    "password", "wrong password!", "deviceName", "x")).status()).isEqualTo(401);
            assertThat(client.login(populated.bob(), "Phone").token()).isNotBlank();
        }
    }

    @Test
    void refusesATargetThatAlreadyHoldsDataAndLeavesItAsItWas() throws Exception {
        populateH2Server();
        assertThat(copy("--to", target.url(), "--to-user", TestEnvironment.PG_USER)).isZero();
        long messages;
        try (Connection pg = openTarget()) {
            messages = count(pg, "messages");
        }

        int again = copy("--to", target.url(), "--to-user", TestEnvironment.PG_USER);

        assertThat(again).isEqualTo(1);
        assertThat(errors()).contains("The target database is not empty", "has 2 rows", "Copy into a new, empty database");
        try (Connection pg = openTarget()) {
            assertThat(count(pg, "messages")).isEqualTo(messages);
            assertThat(count(pg, "users")).isEqualTo(3);
        }
    }

    @Test
    void refusesWhileARunningServerHoldsTheEmbeddedDatabase() throws Exception {
        try (TestServer running = TestServer.start(Backend.H2, Map.of("PARLEY_DATA_DIR", dataDir.toString()))) {
            running.client().register("ivy");

            // Another process, as an operator would run it: within this JVM H2 would share the open database.
            ProcessBuilder command = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                    "-cp", System.getProperty("java.class.path"), "dev.parley.server.Main",
                    "copy-database", "--to", target.url(), "--to-user", TestEnvironment.PG_USER)
                    .redirectErrorStream(true);
            command.environment().put("PARLEY_DATA_DIR", dataDir.toString());
            command.environment().put(CopyDatabaseCommand.TARGET_PASSWORD_VARIABLE, TestEnvironment.PG_PASSWORD);
            Process copy = command.start();
            copy.getOutputStream().close();
            String printed = new String(copy.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(copy.waitFor()).as(printed).isEqualTo(1);
            assertThat(printed).contains("in use by a running Parley server: stop it first");
        }
        try (Connection pg = openTarget()) {
            assertThat(tableExists(pg, "users") ? count(pg, "users") : 0).isZero();
        }
    }

    @Test
    void badArgumentsAreRefusedWithUsage() {
        assertThat(copy()).isEqualTo(2);
        assertThat(errors()).contains("--to <jdbc-url>", "Usage:");
        assertThat(copy("--to", target.url(), "--sideways")).isEqualTo(2);
        assertThat(errors()).contains("Unknown argument: --sideways");
    }

    private record Populated(Account alice, Account bob, ConversationView direct, List<String> texts,
                             List<String> directTexts) {
    }

    private Populated populateH2Server() throws Exception {
        try (TestServer h2 = TestServer.start(Backend.H2, Map.of("PARLEY_DATA_DIR", dataDir.toString()))) {
            ParleyClient client = h2.client();
            Account aliceAccount = client.register("alice");
            Account bobAccount = client.register("bob");
            Account carolAccount = client.register("carol");
            Session alice = client.login(aliceAccount, "Laptop");
            Session bob = client.login(bobAccount, "Desktop");
            Session carol = client.login(carolAccount, "Desktop");
            Session carolOld = client.login(carolAccount, "Old phone");
            assertThat(client.request("DELETE", "/api/v1/sessions/current", carolOld.token(), null).status())
                    .isIn(200, 204);
            ConversationView direct = client.startDirect(alice, bobAccount.username());
            ConversationView group = client.createGroup(alice, "Weekend plans", bobAccount.username(),
                    carolAccount.username());
            setPicture(h2, alice, group);
            h2.adminOk("invite", "create", "--uses", "3");
            h2.adminOk("registration", "invite-only");

            List<String> texts = new ArrayList<>();
            List<String> directTexts = new ArrayList<>();
            Random random = new Random(7);
            try (DeviceSocketClient aliceSocket = client.connect(alice);
                 DeviceSocketClient bobSocket = client.connect(bob);
                 DeviceSocketClient carolSocket = client.connect(carol)) {
                for (int i = 0; i < 60; i++) {
                    String text = i == 10 ? "ü😀".repeat(33_333) + "x" : "message " + i + " " + random.nextLong() + " ✓";
                    DeviceSocketClient from = i % 3 == 0 ? aliceSocket : i % 3 == 1 ? bobSocket : carolSocket;
                    boolean toGroup = i % 3 == 2 || i % 5 == 0;
                    from.sendText(toGroup ? group.id() : direct.id(), text);
                    texts.add(text);
                    if (!toGroup) {
                        directTexts.add(text);
                    }
                }
            }
            return new Populated(aliceAccount, bobAccount, direct, texts, directTexts);
        }
    }

    private static void setPicture(TestServer server, Session owner, ConversationView group) throws Exception {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 4, 0x00ff8800);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        HttpRequest put = HttpRequest.newBuilder(URI.create(server.http() + "/api/v1/conversations/" + group.id() + "/avatar"))
                .header("Authorization", "Bearer " + owner.token())
                .header("Content-Type", "image/png")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(png.toByteArray()))
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            assertThat(http.send(put, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    private int copy(String... args) {
        out.reset();
        err.reset();
        ServerSettings settings = ServerSettings.load(Config.create(), Map.of("PARLEY_DATA_DIR", dataDir.toString()));
        return new CopyDatabaseCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(List.of(args), settings, Map.of(CopyDatabaseCommand.TARGET_PASSWORD_VARIABLE, TestEnvironment.PG_PASSWORD));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Connection openH2() throws SQLException {
        ServerSettings settings = ServerSettings.load(Config.create(), Map.of("PARLEY_DATA_DIR", dataDir.toString()));
        return DriverManager.getConnection(settings.effectiveDbUrl(), settings.dbUser(), settings.dbPassword());
    }

    private Connection openTarget() throws SQLException {
        return DriverManager.getConnection(target.url(), TestEnvironment.PG_USER, TestEnvironment.PG_PASSWORD);
    }

    private static long count(Connection db, String table) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean tableExists(Connection db, String table) throws SQLException {
        try (ResultSet rs = db.getMetaData().getTables(null, "public", table, null)) {
            return rs.next();
        }
    }

    /** Every row of {@code sql}, each column as text (bytes as hex), keyed by the first column. */
    private static Map<String, List<String>> sample(Connection db, String sql) throws SQLException {
        Map<String, List<String>> rows = new java.util.TreeMap<>();
        try (PreparedStatement s = db.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    Object value = rs.getObject(i);
                    values.add(value instanceof byte[] bytes ? java.util.HexFormat.of().formatHex(bytes) : String.valueOf(value));
                }
                rows.put(values.getFirst() + (columns > 1 ? "/" + values.get(1) : ""), values);
            }
        }
        assertThat(rows).isNotEmpty();
        return new LinkedHashMap<>(rows);
    }
}
