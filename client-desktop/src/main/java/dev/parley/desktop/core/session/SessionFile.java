package dev.parley.desktop.core.session;

import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.UserView;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;

/** The remembered session: one small file in the app's data folder, readable by its owner only. */
public final class SessionFile {
    private final Path file;

    public SessionFile(Path dataDir) {
        this.file = dataDir.resolve("session.properties");
    }

    public Optional<SavedSession> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
            return Optional.of(new SavedSession(URI.create(p.getProperty("server")),
                    new UserView(UserId.parse(p.getProperty("userId")), p.getProperty("username"),
                            p.getProperty("displayName")),
                    DeviceId.parse(p.getProperty("deviceId")), p.getProperty("token")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable: log in again
        }
    }

    public void write(SavedSession session) {
        Properties p = new Properties();
        p.setProperty("server", session.server().toString());
        p.setProperty("userId", session.user().id().toString());
        p.setProperty("username", session.user().username());
        p.setProperty("displayName", session.user().displayName());
        p.setProperty("deviceId", session.deviceId().toString());
        p.setProperty("token", session.token());
        try {
            Files.createDirectories(file.getParent());
            Path temp;
            try {
                temp = Files.createTempFile(file.getParent(), "session", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                temp = Files.createTempFile(file.getParent(), "session", ".tmp");
            }
            try (Writer out = Files.newBufferedWriter(temp)) {
                p.store(out, "Parley Desktop session: keep private");
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save the session in " + file, e);
        }
    }

    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path path() {
        return file;
    }
}
