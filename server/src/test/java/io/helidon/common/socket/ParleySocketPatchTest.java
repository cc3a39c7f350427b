package io.helidon.common.socket;

import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parley's copy of Helidon's {@link PlainSocket} is the one loaded, and it sizes its reads to the traffic. */
class ParleySocketPatchTest {

    @Test
    void parleysCopyIsLoadedAheadOfHelidons() {
        String location = PlainSocket.class.getProtectionDomain().getCodeSource().getLocation().toString();
        assertFalse(location.contains("helidon-common-socket"), "PlainSocket came from " + location);
    }

    @Test
    void readLengthGrowsWhenReadsFillTheBufferAndShrinksAfterSmallOnes() {
        assertEquals(2048, PlainSocket.nextReadLength(1024, 1024));
        assertEquals(PlainSocket.MAX_READ_LENGTH, PlainSocket.nextReadLength(PlainSocket.MAX_READ_LENGTH,
                PlainSocket.MAX_READ_LENGTH));
        assertEquals(PlainSocket.MIN_READ_LENGTH, PlainSocket.nextReadLength(65536, 6));
        assertEquals(512, PlainSocket.nextReadLength(65536, 300));
        assertEquals(8192, PlainSocket.nextReadLength(65536, 4097));
    }

    @Test
    void deliversEveryByteInOrderWhateverTheChunking() throws Exception {
        byte[] sent = new byte[300_000];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = (byte) (i * 31 + 7);
        }
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket accepted = server.accept()) {
            PlainSocket socket = PlainSocket.server(accepted, "child", "server");
            OutputStream out = client.getOutputStream();
            out.write("hi".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertArrayEquals("hi".getBytes(StandardCharsets.US_ASCII), socket.get());
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    out.write(sent);
                    client.shutdownOutput();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] received = new byte[0];
            int largestChunk = 0;
            for (byte[] chunk = socket.get(); chunk != null; chunk = socket.get()) {
                largestChunk = Math.max(largestChunk, chunk.length);
                int at = received.length;
                received = Arrays.copyOf(received, at + chunk.length);
                System.arraycopy(chunk, 0, received, at, chunk.length);
            }
            writer.join();
            assertArrayEquals(sent, received);
            assertTrue(largestChunk > 1024, "reads grew past the first buffer, largest " + largestChunk);
        }
    }
}
