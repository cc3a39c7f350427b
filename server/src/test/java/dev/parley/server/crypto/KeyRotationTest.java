package dev.parley.server.crypto;

import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.rest.HistoryPage;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.support.Backend;
import dev.parley.server.support.DeviceSocketClient;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.ParleyClient.Session;
import dev.parley.server.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

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
