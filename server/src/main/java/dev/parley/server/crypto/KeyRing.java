package dev.parley.server.crypto;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The keys that encrypt message bodies at rest: the current one encrypts, any known one decrypts
 * (each row records its key id), so a key can be rotated by making a new one current and keeping the
 * old one listed.
 */
public final class KeyRing {
    private static final Logger LOG = Logger.getLogger(KeyRing.class.getName());
    private static final String KEY_FILE = "master.key";

    private final MasterKey current;
    private final Map<String, MasterKey> byId;

    public KeyRing(MasterKey current, List<MasterKey> previous) {
        this.current = current;
        Map<String, MasterKey> keys = new LinkedHashMap<>();
        keys.put(current.id(), current);
        previous.forEach(k -> keys.putIfAbsent(k.id(), k));
        this.byId = Map.copyOf(keys);
    }

    /**
     * The key from {@code configuredKey} (base64 of 32 bytes) if set; otherwise the one in
     * {@code dataDir/master.key}, created on first start readable by the owner only.
     */
    public static KeyRing load(String configuredKey, List<String> previousKeys, Path dataDir) {
        MasterKey current = configuredKey != null && !configuredKey.isBlank()
                ? MasterKey.of(decode(configuredKey, "PARLEY_MASTER_KEY"))
                : fromFile(dataDir.resolve(KEY_FILE));
        List<MasterKey> previous = previousKeys.stream()
                .filter(k -> !k.isBlank())
                .map(k -> MasterKey.of(decode(k, "PARLEY_PREVIOUS_MASTER_KEYS")))
                .toList();
        return new KeyRing(current, previous);
    }

    public MasterKey current() {
        return current;
    }

    public Optional<MasterKey> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    private static MasterKey fromFile(Path file) {
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                byte[] raw = new byte[32];
                new SecureRandom().nextBytes(raw);
                writeOwnerOnly(file, Base64.getEncoder().encodeToString(raw));
                LOG.warning("Generated a new master key in " + file.toAbsolutePath()
                        + ": back it up; without it stored messages cannot be read");
            }
            return MasterKey.of(decode(Files.readString(file).strip(), file.toString()));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read or create the master key " + file.toAbsolutePath(), e);
        }
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException raced) {
            return;
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, content);
    }

    private static byte[] decode(String base64, String source) {
        try {
            return Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " must be the base64 encoding of 32 random bytes", e);
        }
    }
}
