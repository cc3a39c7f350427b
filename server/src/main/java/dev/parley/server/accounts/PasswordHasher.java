package dev.parley.server.accounts;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Argon2id with OWASP's recommended minimum (19 MiB memory, 2 iterations, parallelism 1), stored in
 * PHC string form so that parameters can be raised later without breaking existing hashes.
 */
public final class PasswordHasher {
    private static final Argon2Function ARGON2ID = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID);

    /** Checked when the user does not exist, so that an unknown name costs as much time as a known one. */
    private final String decoyHash = hash("decoy-password-" + System.nanoTime());

    public String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2ID).getResult();
    }

    public boolean matches(String password, String storedHash) {
        return Password.check(password, storedHash).with(Argon2Function.getInstanceFromHash(storedHash));
    }

    public void burnDecoyCheck(String password) {
        matches(password, decoyHash);
    }
}
