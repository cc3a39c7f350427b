package dev.parley.loadtest.setup;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.loadtest.LoadTestException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The accounts of earlier runs against one server, so a later run need not pay for registering and
 * logging in thousands of users again (the server hashes passwords with Argon2id: ~50 ms each).
 */
public final class UsersFile {
    private final Path path;
    private final ObjectMapper mapper = new ObjectMapper();

    /** What is stored: one password for every account of this file, and each account's session. */
    public record Content(String password, Map<String, Entry> users) {
        public Content {
            users = new TreeMap<>(users);
        }
    }

    public record Entry(String userId, String token) {
    }

    public UsersFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    public Content load() {
        if (!Files.exists(path)) {
            byte[] secret = new byte[18];
            new SecureRandom().nextBytes(secret);
            return new Content("lt-" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret), Map.of());
        }
        try {
            return mapper.readValue(path.toFile(), Content.class);
        } catch (IOException e) {
            throw new LoadTestException("Cannot read the users file " + path + " (" + e.getMessage()
                    + "); delete it to start afresh", e);
        }
    }

    /** Written whole to a temporary file, then moved over the old one, so a killed run leaves a readable file. */
    public void save(Content content) {
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            Path temp = path.resolveSibling(path.getFileName() + ".tmp");
            mapper.writeValue(temp.toFile(), content);
            Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new LoadTestException("Cannot write the users file " + path + ": " + e.getMessage(), e);
        }
    }
}
