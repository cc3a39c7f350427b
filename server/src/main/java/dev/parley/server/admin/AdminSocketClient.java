package dev.parley.server.admin;

import dev.parley.protocol.codec.JsonCodec;

import java.io.IOException;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Sends one command to a running server's admin socket. */
public final class AdminSocketClient {
    /** A list of thousands of devices or invites is far below this. */
    private static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;

    private final Path socket;
    private final JsonCodec codec;

    public AdminSocketClient(Path socket, JsonCodec codec) {
        this.socket = socket;
        this.codec = codec;
    }

    /**
     * The server's result; empty when no server listens (no socket file, or a stale one that refuses).
     * Other failures — no permission on the socket, a server that hangs up — are thrown.
     */
    public Optional<AdminResult> send(AdminRequest request) throws IOException {
        if (!Files.exists(socket)) {
            return Optional.empty();
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (SocketException e) {
            if (e.getMessage() != null && e.getMessage().contains("Connection refused")) {
                return Optional.empty();
            }
            throw e;
        }
        try (channel) {
            AdminWire.writeLine(channel, codec.encode(request));
            String line = AdminWire.readLine(channel, MAX_ANSWER_BYTES);
            if (line.isEmpty()) {
                throw new IOException("The server at " + socket + " closed the admin connection without an answer");
            }
            return Optional.of(codec.decode(line, AdminResult.class));
        }
    }
}
