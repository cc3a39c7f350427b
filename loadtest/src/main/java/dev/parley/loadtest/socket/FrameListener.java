package dev.parley.loadtest.socket;

import dev.parley.protocol.ws.ServerFrame;

/** What a scenario does with what arrives on one device's socket. Called on the client's threads. */
public interface FrameListener {
    /** {@code receivedNanos} is {@link System#nanoTime()} when the frame was complete, before decoding. */
    void onFrame(DeviceSocket socket, ServerFrame frame, long receivedNanos);

    /** The socket closed or failed; {@code byUs} when the tool closed it itself. */
    default void onClosed(DeviceSocket socket, int code, boolean byUs) {
    }

    /**
     * A dropped socket of the participant is open again (its hello arrived, and was passed to
     * {@link #onFrame} already); {@code outageNanos} from the close to that hello.
     */
    default void onReconnected(DeviceSocket socket, long outageNanos) {
    }
}
