package dev.parley.protocol.codec;

import dev.parley.protocol.ws.ClientFrame;

/** The outcome of reading one frame from a device: the frame, or why it was refused. */
public sealed interface ClientFrameDecoding {
    record Decoded(ClientFrame frame) implements ClientFrameDecoding {
    }

    record Rejected(String requestId, String code, String message) implements ClientFrameDecoding {
    }
}
