package dev.parley.server.crypto;

import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.rest.HistoryPage;
import dev.parley.server.support.Backend;
import dev.parley.server.support.DeviceSocketClient;
import dev.parley.server.support.ParleyClient.Session;
import dev.parley.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keys rotate: a new current key encrypts, the previous one still decrypts what it encrypted. */
class KeyRotationTest {
    @Test
    void aRotatedKeyEncryptsNewMessagesWhileOldOnesStayReadable() throws Exception {
        Path dataDir = Files.createTempDirectory("parley-rotation-");
        String oldKey = randomKey();
        String newKey = randomKey();
        Map<String, String> base = Map.of("PARLEY_DATA_DIR", dataDir.toString());
        String oldText = "written under the old key";
        String newText = "written under the new key";
        EncryptionAtRestTest.Stored before;
        Session reader;
        ConversationView chat;
        try (TestServer server = TestServer.start(Backend.H2, with(base, "PARLEY_MASTER_KEY", oldKey))) {
            before = EncryptionAtRestTest.sendAndReadRow(server, oldText);
            reader = before.reader();
            chat = before.chat();
            assertThat(Files.exists(dataDir.resolve("master.key"))).isFalse();
        }
        Map<String, String> rotated = with(with(base, "PARLEY_MASTER_KEY", newKey), "PARLEY_PREVIOUS_MASTER_KEYS", oldKey);
        try (TestServer server = TestServer.start(Backend.H2, rotated)) {
            Session senderAgain = server.client().login(before.sender().account(), "After rotation");
            try (DeviceSocketClient socket = server.client().connect(senderAgain)) {
                socket.sendText(chat.id(), newText);
            }
            HistoryPage history = server.client().get("/api/v1/conversations/" + chat.id() + "/messages", reader.token())
                    .as(HistoryPage.class);
            assertThat(history.messages()).extracting(m -> m.text()).startsWith(newText, oldText);
            try (Connection db = server.openJdbc();
                 PreparedStatement query = db.prepareStatement("SELECT DISTINCT key_id FROM messages WHERE key_id IS NOT NULL");
                 ResultSet keys = query.executeQuery()) {
                java.util.List<String> ids = new java.util.ArrayList<>();
                while (keys.next()) {
                    ids.add(keys.getString(1));
                }
                assertThat(ids).containsExactlyInAnyOrder(EncryptionAtRestTest.keyId(Base64.getDecoder().decode(oldKey)),
                        EncryptionAtRestTest.keyId(Base64.getDecoder().decode(newKey)));
            }
        } finally {
            try (var paths = Files.walk(dataDir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aMissingKeyFileIsRefusedOnceMessagesExistAndRestoringItWorks() throws Exception {
        Path dataDir = Files.createTempDirectory("parley-keyfile-");
        Map<String, String> env = Map.of("PARLEY_DATA_DIR", dataDir.toString());
        try {
            EncryptionAtRestTest.Stored stored;
            try (TestServer server = TestServer.start(Backend.H2, env)) {
                stored = EncryptionAtRestTest.sendAndReadRow(server, "keep me readable");
            }
            Path keyFile = dataDir.resolve("master.key");
            Path aside = dataDir.resolve("master.key.aside");
            Files.move(keyFile, aside);

            assertThatThrownBy(() -> TestServer.start(Backend.H2, env))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("master.key is missing");
            assertThat(Files.exists(keyFile)).as("no new key was generated").isFalse();

            Files.move(aside, keyFile);
            try (TestServer server = TestServer.start(Backend.H2, env)) {
                HistoryPage history = server.client().get("/api/v1/conversations/" + stored.chat().id() + "/messages",
                        server.client().login(stored.reader().account(), "Again").token()).as(HistoryPage.class);
                assertThat(history.messages().getFirst().text()).isEqualTo("keep me readable");
            }
        } finally {
            delete(dataDir);
        }
    }

    @Test
    void aNewKeyWithoutTheOldOneListedIsRefused() throws Exception {
        Path dataDir = Files.createTempDirectory("parley-newkey-");
        Map<String, String> base = Map.of("PARLEY_DATA_DIR", dataDir.toString());
        try {
            try (TestServer server = TestServer.start(Backend.H2, with(base, "PARLEY_MASTER_KEY", randomKey()))) {
                EncryptionAtRestTest.sendAndReadRow(server, "under the first key");
            }
            assertThatThrownBy(() -> TestServer.start(Backend.H2, with(base, "PARLEY_MASTER_KEY", randomKey())))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("PARLEY_PREVIOUS_MASTER_KEYS");
        } finally {
            delete(dataDir);
        }
    }

    private static void delete(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String randomKey() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> copy = new java.util.HashMap<>(base);
        copy.put(key, value);
        return copy;
    }
}
