package dev.parley.server.realtime;

import dev.parley.protocol.codec.JsonCodec;
import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.metrics.ServerMetrics;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsSession;

import java.time.Clock;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One device's open WebSocket. Frames for it are queued and written by a virtual thread that runs only
 * while there is something to write, so a slow or stalled device never holds up the sender, the
 * database or other devices, and an idle connection holds no thread and no queue array. A device that
 * falls a whole queue behind is disconnected; on reconnect its delta sync fills the gap. Log entries
 * and error frames are counted in the metrics once written (errors once queued).
 */
public final class DeviceConnection {
    private static final Logger LOG = Logger.getLogger(DeviceConnection.class.getName());
    private static final EncodedFrame CLOSE_SENTINEL = EncodedFrame.plain("");

    private final UserId userId;
    private final DeviceId deviceId;
    private final WsSession session;
    private final JsonCodec codec;
    private final ServerMetrics metrics;
    private final Clock clock;
    private final int queueCapacity;
    private final Queue<EncodedFrame> outgoing = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    /**
     * True while a writer thread owns the socket's output: at most one at a time, so frames stay in order.
     * Claimed from the start until {@link #release()}: frames queue but are not written before then.
     */
    private final AtomicBoolean writing = new AtomicBoolean(true);
    private final AtomicBoolean open = new AtomicBoolean(true);
    private volatile CloseRequest closeRequest;

    private record CloseRequest(int code, String reason) {
    }

    public DeviceConnection(UserId userId, DeviceId deviceId, WsSession session, JsonCodec codec,
                            ServerMetrics metrics, Clock clock, int queueCapacity) {
        this.userId = userId;
        this.deviceId = deviceId;
        this.session = session;
        this.codec = codec;
        this.metrics = metrics;
        this.clock = clock;
        this.queueCapacity = queueCapacity;
    }

    /** When this connection last recorded the session as active (to keep an always-on device logged in). */
    private volatile Instant activityRecordedAt = Instant.now();

    public boolean activityRecordDue(Instant now, java.time.Duration every) {
        if (activityRecordedAt.plus(every).isAfter(now)) {
            return false;
        }
        activityRecordedAt = now;
        return true;
    }

    public UserId userId() {
        return userId;
    }

    public DeviceId deviceId() {
        return deviceId;
    }

    public boolean isOpen() {
        return open.get();
    }

    /** Queues a frame; never blocks. */
    public void send(ServerFrame frame) {
        if (open.get()) {
            if (frame instanceof ServerFrame.Error error) {
                metrics.error(ServerMetrics.Transport.WEBSOCKET, error.code());
            }
            sendEncoded(EncodedFrame.of(frame, codec.encode(frame)));
        }
    }

    /** Queues a frame already encoded (fan-out encodes once for all devices); never blocks. */
    public void sendEncoded(EncodedFrame frame) {
        if (!open.get()) {
            return;
        }
        if (queued.incrementAndGet() > queueCapacity) {
            queued.decrementAndGet();
            LOG.warning(() -> "Device " + deviceId + " is too far behind; disconnecting it");
            close(WsCloseCodes.TRY_AGAIN_LATER, "Too far behind; reconnect and sync");
            return;
        }
        outgoing.add(frame);
        startWriting();
    }

    /**
     * Closes the socket once the frames already queued are written (at once if the queue is full).
     * The close goes through the writer so that it never interleaves with a frame being written.
     */
    public void close(int code, String reason) {
        if (open.compareAndSet(true, false)) {
            closeRequest = new CloseRequest(code, reason);
            if (queued.get() >= queueCapacity) {
                dropQueued();
            }
            enqueueClose();
        }
    }

    /** Called when the socket is already gone: stops writing without writing anything more. */
    public void closed() {
        open.set(false);
        closeRequest = null;
        dropQueued();
        enqueueClose();
    }

    private void dropQueued() {
        while (outgoing.poll() != null) {
            queued.decrementAndGet();
        }
    }

    private void enqueueClose() {
        queued.incrementAndGet();
        outgoing.add(CLOSE_SENTINEL);
        startWriting();
    }

    /**
     * Lets the queued frames go out. Until this is called frames only queue, so that the first frame
     * (the hello) can be queued before the connection is registered for live frames and still leaves
     * only once the registration is done: a client that has its hello is sure to get every live frame.
     */
    public void release() {
        writing.set(false);
        if (!outgoing.isEmpty()) {
            startWriting();
        }
    }

    private void startWriting() {
        if (writing.compareAndSet(false, true)) {
            Thread.ofVirtual().name("ws-writer-" + deviceId).start(this::writeQueued);
        }
    }

    private void written(EncodedFrame frame) {
        switch (frame.counted()) {
            case NOTHING -> {
            }
            case LIVE -> metrics.deliveredLive(frame.storedAtMillis(), clock.millis());
            case AGAIN -> metrics.deliveredAgain();
            case SYNC -> metrics.deliveredBySync(frame.entries());
        }
    }

    private void writeQueued() {
        do {
            try {
                EncodedFrame frame;
                while ((frame = outgoing.poll()) != null) {
                    queued.decrementAndGet();
                    if (frame == CLOSE_SENTINEL) {
                        CloseRequest request = closeRequest;
                        closeRequest = null;
                        if (request != null) {
                            session.close(request.code(), request.reason());
                        }
                        dropQueued();
                        return; // writing stays claimed: nothing is written after the close
                    }
                    session.send(frame.text(), true);
                    written(frame);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "Write to device " + deviceId + " failed; it will resync on reconnect", e);
                open.set(false);
                dropQueued();
                // Drop the socket for good, so that it is unregistered rather than left half open.
                try {
                    session.terminate();
                } catch (RuntimeException alreadyBroken) {
                    LOG.log(Level.FINE, "Socket of " + deviceId + " was already gone", alreadyBroken);
                }
                return;
            }
            writing.set(false);
            // A frame queued after the last poll but before the flag dropped would otherwise wait forever.
        } while (!outgoing.isEmpty() && writing.compareAndSet(false, true));
    }
}
