package dev.parley.server.crypto;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** A 256-bit AES key and its id: the first 8 bytes of the SHA-256 of the key, in hex. */
public record MasterKey(String id, SecretKey key) {
    public static MasterKey of(byte[] raw) {
        if (raw.length != 32) {
            throw new IllegalArgumentException("A master key is 32 bytes (256 bits); got " + raw.length);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw);
            return new MasterKey(HexFormat.of().formatHex(Arrays.copyOf(digest, 8)), new SecretKeySpec(raw, "AES"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "MasterKey[id=" + id + "]";
    }
}
