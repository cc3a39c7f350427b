package dev.parley.server.crypto;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * AES-256-GCM for message bodies. A fresh 96-bit random nonce per body; the stored form is
 * nonce || ciphertext || tag. The associated data binds a body to its row (the message id), so a
 * body copied into another row does not decrypt.
 */
public final class MessageCipher {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final KeyRing keys;
    private final SecureRandom random = new SecureRandom();

    public MessageCipher(KeyRing keys) {
        this.keys = keys;
    }

    public record Sealed(String keyId, byte[] bytes) {
    }

    public Sealed seal(String plaintext, byte[] associatedData) {
        MasterKey key = keys.current();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            byte[] ciphertext = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + ciphertext.length);
            System.arraycopy(ciphertext, 0, out, NONCE_BYTES, ciphertext.length);
            return new Sealed(key.id(), out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    public String open(String keyId, byte[] sealed, byte[] associatedData) {
        MasterKey key = keys.find(keyId).orElseThrow(() -> new IllegalStateException(
                "Message body is encrypted under key " + keyId + ", which is not configured"));
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.key(), new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData);
            byte[] plain = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A stored message body failed authentication (key " + keyId + ")", e);
        }
    }
}
