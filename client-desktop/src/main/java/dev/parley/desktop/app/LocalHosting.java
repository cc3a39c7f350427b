package dev.parley.desktop.app;

import dev.parley.desktop.host.LocalServerHost;
import dev.parley.desktop.ui.welcome.ServerHosting;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Runs the real server inside the app (data in {@code <home>/server}). Once the user chose to host,
 * the app starts the server again on every start, on the same port, so saved sessions keep working.
 */
final class LocalHosting implements ServerHosting, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(LocalHosting.class.getName());
    static final int PREFERRED_PORT = 8080;

    private final Path serverDir;
    private final Path marker;
    private LocalServerHost host;

    LocalHosting(Path home) {
        this.serverDir = home.resolve("server");
        this.marker = serverDir.resolve("hosting.properties");
    }

    @Override
    public synchronized Hosted start() {
        if (host == null) {
            host = startOn(PREFERRED_PORT);
            remember(host.port());
        }
        return new Hosted(host.localAddress(), host.shareableAddresses(), host.version());
    }

    /** On app start: if this computer hosts the server, start it again on its port. */
    synchronized void resumeIfHosted() {
        if (host != null || !Files.exists(marker)) {
            return;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(marker)) {
            properties.load(reader);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Cannot read " + marker, e);
            return;
        }
        int port = Integer.parseInt(properties.getProperty("port", Integer.toString(PREFERRED_PORT)));
        try {
            host = LocalServerHost.start(serverDir, port);
        } catch (RuntimeException e) {
            // Saved sessions name this port; another is no use to them. The app works offline meanwhile.
            LOG.log(System.Logger.Level.WARNING, "Cannot start the hosted server on port " + port, e);
        }
    }

    private LocalServerHost startOn(int port) {
        try {
            return LocalServerHost.start(serverDir, port);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.INFO, "Port " + port + " is taken; hosting on a free port", e);
            return LocalServerHost.start(serverDir, 0);
        }
    }

    private void remember(int port) {
        Properties properties = new Properties();
        properties.setProperty("port", Integer.toString(port));
        try {
            Files.createDirectories(serverDir);
            try (Writer writer = Files.newBufferedWriter(marker)) {
                properties.store(writer, "This computer hosts a Parley server");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + marker, e);
        }
    }

    @Override
    public synchronized void close() {
        if (host != null) {
            host.close();
            host = null;
        }
    }
}
