package dev.parley.server.accounts;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

import java.util.logging.Logger;

/**
 * Argon2id, by default with OWASP's recommended minimum (19 MiB memory, 2 iterations, parallelism 1),
 * stored in PHC string form: each hash names its own parameters, so they can be changed later without
 * breaking existing hashes.
 */
public final class PasswordHasher {
    private static final Logger LOG = Logger.getLogger(PasswordHasher.class.getName());
    public static final int DEFAULT_MEMORY_KIB = 19 * 1024;
    public static final int DEFAULT_ITERATIONS = 2;

    private final Argon2Function argon2id;

    /** Checked when the user does not exist, so that an unknown name costs as much time as a known one. */
    private final String decoyHash;

    public PasswordHasher() {
        this(DEFAULT_MEMORY_KIB, DEFAULT_ITERATIONS);
    }

    /** Below the default only for load-test servers that register tens of thousands of users: it says so. */
    public PasswordHasher(int memoryKib, int iterations) {
        if (memoryKib < DEFAULT_MEMORY_KIB || iterations < DEFAULT_ITERATIONS) {
            LOG.warning("Passwords are hashed below OWASP's minimum (Argon2id " + memoryKib + " KiB, " + iterations
                    + " iterations): fine for a load-test server, never for real users");
        }
        this.argon2id = Argon2Function.getInstance(memoryKib, iterations, 1, 32, Argon2.ID);
        this.decoyHash = hash("decoy-password-" + System.nanoTime());
    }

    public String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(argon2id).getResult();
    }

    public boolean matches(String password, String storedHash) {
        return Password.check(password, storedHash).with(Argon2Function.getInstanceFromHash(storedHash));
    }

    public void burnDecoyCheck(String password) {
        matches(password, decoyHash);
    }
}
