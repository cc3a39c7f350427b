package dev.parley.server.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/** The admin socket speaks one JSON line each way: the request, then the result. */
final class AdminWire {
    /** Far above any real request; a longer line is refused rather than read into memory. */
    static final int MAX_LINE_BYTES = 64 * 1024;

    private AdminWire() {
    }

    static void writeLine(SocketChannel channel, String json) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** The line without its newline; the text read so far when the peer closes first. */
    static String readLine(SocketChannel channel, int maxBytes) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (channel.read(buffer) >= 0) {
            buffer.flip();
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
            }
            if (line.size() > maxBytes) {
                throw new IOException("Admin line longer than " + maxBytes + " bytes");
            }
            buffer.clear();
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
