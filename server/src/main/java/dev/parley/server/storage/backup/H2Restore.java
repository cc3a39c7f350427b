package dev.parley.server.storage.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Puts an {@link H2Backup} (and optionally the master key saved with it) back into a data dir while
 * no server runs on it. Whatever the data dir held is renamed aside, never deleted.
 */
public final class H2Restore {
    static final String DATABASE_FILE = "parley.mv.db";
    private static final String KEY_FILE = "master.key";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Clock clock;

    public H2Restore(Clock clock) {
        this.clock = clock;
    }

    /** What was put back, and where the previous files went. */
    public record Result(Path database, Optional<Path> key, List<Path> setAside) {
        public Result {
            setAside = List.copyOf(setAside);
        }
    }

    public Result restore(Path backupZip, Path dataDir, Optional<Path> keyFile) {
        try (ZipFile zip = new ZipFile(backupZip.toFile())) {
            ZipEntry entry = zip.getEntry(DATABASE_FILE);
            if (entry == null) {
                throw new BackupException(backupZip + " is not a Parley H2 backup (it holds no " + DATABASE_FILE + ").");
            }
            if (keyFile.isPresent() && !Files.isRegularFile(keyFile.get())) {
                throw new BackupException("No key file at " + keyFile.get());
            }
            Files.createDirectories(dataDir);
            Path database = dataDir.resolve(DATABASE_FILE);
            refuseWhileInUse(database);
            String suffix = ".before-restore-" + STAMP.format(clock.instant());
            List<Path> setAside = new ArrayList<>();
            Path restoredTemp = Files.createTempFile(dataDir, DATABASE_FILE, ".restoring");
            try (InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, restoredTemp, StandardCopyOption.REPLACE_EXISTING);
            }
            setAside(database, suffix, setAside);
            setAside(dataDir.resolve("parley.trace.db"), suffix, setAside);
            Files.move(restoredTemp, database, StandardCopyOption.ATOMIC_MOVE);
            Optional<Path> restoredKey = Optional.empty();
            if (keyFile.isPresent()) {
                Path key = dataDir.resolve(KEY_FILE);
                if (!Files.exists(key) || Files.mismatch(key, keyFile.get()) != -1) {
                    setAside(key, suffix, setAside);
                    Files.copy(keyFile.get(), key);
                    ownerOnly(key);
                }
                restoredKey = Optional.of(key);
            }
            return new Result(database, restoredKey, setAside);
        } catch (IOException e) {
            throw new UncheckedIOException("Restoring " + backupZip + " into " + dataDir + " failed", e);
        }
    }

    private static void refuseWhileInUse(Path database) throws IOException {
        if (!Files.exists(database)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(database, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(database);
            }
            lock.release();
        } catch (OverlappingFileLockException e) {
            throw inUse(database);
        }
    }

    private static BackupException inUse(Path database) {
        return new BackupException(database + " is in use by a running Parley server: stop it first.");
    }

    private static void setAside(Path file, String suffix, List<Path> setAside) throws IOException {
        if (Files.exists(file)) {
            Path aside = file.resolveSibling(file.getFileName() + suffix);
            Files.move(file, aside);
            setAside.add(aside);
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the data dir's own access list applies.
        }
    }
}
