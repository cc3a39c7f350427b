package dev.parley.server.admin;

import dev.parley.protocol.codec.JsonCodec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Listens on {@code <data-dir>/admin.sock} and runs each admin command it receives inside this server.
 * Only the server's own OS user may connect: the socket file is owner-only (connecting to a Unix socket
 * needs write permission on it), which is the whole of its authentication.
 */
public final class AdminSocketServer implements AutoCloseable {
    public static final String FILE_NAME = "admin.sock";
    private static final Logger LOG = Logger.getLogger(AdminSocketServer.class.getName());
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path path;
    private final ServerSocketChannel listener;
    private final AdminExecutor executor;
    private final AdminCommandParser parser = new AdminCommandParser();
    private final JsonCodec codec;
    private final Thread acceptor;

    private AdminSocketServer(Path path, ServerSocketChannel listener, AdminExecutor executor, JsonCodec codec) {
        this.path = path;
        this.listener = listener;
        this.executor = executor;
        this.codec = codec;
        this.acceptor = Thread.ofPlatform().name("parley-admin").daemon().unstarted(this::acceptLoop);
    }

    public static Path pathIn(Path dataDir) {
        return dataDir.resolve(FILE_NAME);
    }

    /** Listens at {@code path}, replacing a stale socket file left by a server that did not stop cleanly. */
    public static AdminSocketServer start(Path path, AdminExecutor executor, JsonCodec codec) throws IOException {
        removeStale(path);
        ServerSocketChannel listener = bindOwnerOnly(path);
        AdminSocketServer server = new AdminSocketServer(path, listener, executor, codec);
        server.acceptor.start();
        return server;
    }

    public Path path() {
        return path;
    }

    private static void removeStale(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        boolean answered;
        try (SocketChannel ignored = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            answered = true;
        } catch (IOException refused) {
            answered = false;
        }
        if (answered) {
            throw new IOException("Another server answers at " + path + " (two servers on one data dir?)");
        }
        Files.delete(path);
    }

    /**
     * Binds in a new owner-only directory, makes the socket owner-only, then renames it into place: there is
     * no moment when another user could connect to it.
     */
    private static ServerSocketChannel bindOwnerOnly(Path path) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            if (!POSIX) {
                // Windows: the data dir's access control list guards the socket.
                channel.bind(UnixDomainSocketAddress.of(path));
                return channel;
            }
            Path privateDir = Files.createTempDirectory(path.getParent(), ".admin-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            try {
                Path bound = privateDir.resolve("s");
                channel.bind(UnixDomainSocketAddress.of(bound));
                Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-------"));
                Files.move(bound, path, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(privateDir.resolve("s"));
                Files.delete(privateDir);
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private void acceptLoop() {
        while (listener.isOpen()) {
            try {
                SocketChannel connection = listener.accept();
                Thread.ofVirtual().name("parley-admin-command").start(() -> serve(connection));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Admin socket accept failed", e);
            }
        }
    }

    private void serve(SocketChannel connection) {
        try (connection) {
            AdminResult result;
            try {
                result = run(codec.decode(AdminWire.readLine(connection, AdminWire.MAX_LINE_BYTES), AdminRequest.class));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Admin command failed", e);
                result = AdminResult.failed("The server failed to run the command: " + e.getMessage()
                        + " (see the server log).");
            }
            AdminWire.writeLine(connection, codec.encode(result));
        } catch (IOException e) {
            LOG.log(Level.FINE, "Admin connection ended early", e);
        }
    }

    private AdminResult run(AdminRequest request) {
        AdminCommand command;
        try {
            command = parser.parse(request.args());
        } catch (AdminCommandParser.UsageException e) {
            return new AdminResult(AdminResult.USAGE, e.getMessage());
        }
        LOG.info(() -> "Admin command from " + request.actor() + ": " + String.join(" ", request.args()));
        return executor.run(command, request.password(), request.actor());
    }

    @Override
    public void close() {
        try {
            listener.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove the admin socket " + path, e);
        }
    }
}
