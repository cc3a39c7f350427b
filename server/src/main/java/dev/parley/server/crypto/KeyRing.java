package dev.parley.server.crypto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
     * {@code dataDir/master.key}, created on first start readable by the owner only. Refuses to go on
     * when the database holds bodies under a key that is not here ({@code keyIdsInUse}): writing on
     * under a new key would leave them unreadable for good.
     */
    public static KeyRing load(String configuredKey, List<String> previousKeys, Path dataDir, Set<String> keyIdsInUse) {
        Path keyFile = dataDir.resolve(KEY_FILE);
        boolean configured = configuredKey != null && !configuredKey.isBlank();
        if (!configured && !Files.exists(keyFile) && !keyIdsInUse.isEmpty()) {
            throw new IllegalStateException("The database holds messages encrypted under key(s) " + keyIdsInUse
                    + " but " + keyFile.toAbsolutePath() + " is missing: restore it, or set PARLEY_MASTER_KEY");
        }
        MasterKey current = configured ? MasterKey.of(decode(configuredKey, "PARLEY_MASTER_KEY")) : fromFile(keyFile);
        List<MasterKey> previous = previousKeys.stream()
                .filter(k -> !k.isBlank())
                .map(k -> MasterKey.of(decode(k, "PARLEY_PREVIOUS_MASTER_KEYS")))
                .toList();
        KeyRing ring = new KeyRing(current, previous);
        Set<String> missing = new TreeSet<>(keyIdsInUse);
        missing.removeAll(ring.byId.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The database holds messages encrypted under key(s) " + missing
                    + " that are not configured: keep the old key in PARLEY_PREVIOUS_MASTER_KEYS when rotating");
        }
        return ring;
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

    /** Written whole or not at all: a temporary file, forced to disk, then renamed into place. */
    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Path temp;
        try {
            temp = Files.createTempFile(file.getParent(), KEY_FILE, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            temp = Files.createTempFile(file.getParent(), KEY_FILE, ".tmp");
        }
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException raced) {
            // Another process created it first; theirs stands.
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static byte[] decode(String base64, String source) {
        try {
            return Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + " must be the base64 encoding of 32 random bytes", e);
        }
    }
}
