package dev.parley.server.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** 256-bit random bearer tokens; only their SHA-256 is ever stored. */
public final class SessionTokens {
    private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();

    private final SecureRandom random = new SecureRandom();

    public String newToken() {
        return randomCode(32);
    }

    /** An unguessable URL-safe code of {@code bytes} random bytes (invite codes use 16: 128 bits). */
    public String randomCode(int bytes) {
        byte[] raw = new byte[bytes];
        random.nextBytes(raw);
        return URL_SAFE.encodeToString(raw);
    }

    public static String hash(String token) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
