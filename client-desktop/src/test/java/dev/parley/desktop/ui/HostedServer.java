package dev.parley.desktop.ui;

import dev.parley.desktop.host.LocalServerHost;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real Parley server on a random port for one test class, its data in a temporary folder:
 * {@code @RegisterExtension static final HostedServer SERVER = new HostedServer();}
 */
public final class HostedServer implements BeforeAllCallback, AfterAllCallback {
    private Path dataDir;
    private LocalServerHost server;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("parley-ui-server-");
        server = LocalServerHost.start(dataDir, 0);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.close();
        try (Stream<Path> paths = Files.walk(dataDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI address() {
        return server.localAddress();
    }
}
