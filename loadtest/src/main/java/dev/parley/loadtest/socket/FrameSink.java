package dev.parley.loadtest.socket;

import dev.parley.protocol.ws.ClientFrame;

/** Where a device's frames go: its open socket (in tests, a list). */
public interface FrameSink {
    void send(ClientFrame frame);
}
