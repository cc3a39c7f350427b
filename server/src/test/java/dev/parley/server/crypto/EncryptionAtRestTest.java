package dev.parley.server.crypto;

import dev.parley.protocol.model.ConversationView;
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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Message bodies are stored AES-256-GCM encrypted under a server key, each row naming its key. */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class EncryptionAtRestTest {
    @Parameter
    Backend backend;

    @Test
    void storedBodyIsCiphertextUnderTheGeneratedOwnerOnlyKey() throws Exception {
        TestServer server = TestServer.shared(backend);
        String plaintext = "the launch code is " + UUID.randomUUID() + " 🔐";
        Stored stored = sendAndReadRow(server, plaintext);

        Path keyFile = server.dataDir().resolve("master.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        byte[] key = Base64.getDecoder().decode(Files.readString(keyFile).strip());
        assertThat(new String(stored.body(), StandardCharsets.ISO_8859_1)).doesNotContain("launch code");
        assertThat(stored.keyId()).isEqualTo(keyId(key));
        assertThat(decrypt(key, stored)).isEqualTo(plaintext);
    }

    record Stored(UUID messageId, byte[] body, String keyId, Session sender, Session reader,
                          ConversationView chat) {
    }

    static Stored sendAndReadRow(TestServer server, String text) throws Exception {
        ParleyClient client = server.client();
        Session sender = client.login(client.register("cipher"), "Laptop");
        ParleyClient.Account readerAccount = client.register("reader");
        Session reader = client.login(readerAccount, "Laptop");
        ConversationView chat = client.startDirect(sender, readerAccount.username());
        ServerFrame.Ack ack;
        try (DeviceSocketClient socket = client.connect(sender)) {
            ack = socket.sendText(chat.id(), text);
        }
        try (Connection db = server.openJdbc();
             PreparedStatement query = db.prepareStatement("SELECT body, key_id FROM messages WHERE id = ?")) {
            query.setObject(1, ack.messageId().value());
            try (ResultSet row = query.executeQuery()) {
                assertThat(row.next()).isTrue();
                return new Stored(ack.messageId().value(), row.getBytes("body"), row.getString("key_id"), sender, reader, chat);
            }
        }
    }

    private static String decrypt(byte[] key, Stored stored) throws Exception {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, stored.body(), 0, 12));
        cipher.updateAAD(ByteBuffer.allocate(16).putLong(stored.messageId().getMostSignificantBits())
                .putLong(stored.messageId().getLeastSignificantBits()).array());
        return new String(cipher.doFinal(stored.body(), 12, stored.body().length - 12), StandardCharsets.UTF_8);
    }

    static String keyId(byte[] key) throws Exception {
        return HexFormat.of().formatHex(Arrays.copyOf(MessageDigest.getInstance("SHA-256").digest(key), 8));
    }
}
