package dev.parley.server.realtime;

import dev.parley.protocol.Limits;
import dev.parley.protocol.codec.ClientFrameDecoding;
import dev.parley.protocol.codec.JsonCodec;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.accounts.Principal;
import dev.parley.server.http.ApiException;
import dev.parley.server.http.BearerAuth;
import dev.parley.server.metrics.ServerMetrics;
import dev.parley.server.presence.PresenceService;
import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.websocket.WsCloseCodes;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;
import io.helidon.websocket.WsUpgradeException;

import java.time.Clock;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One device's WebSocket, from upgrade to close. Authentication and the Origin check happen at the
 * upgrade, once; every text frame after that is decoded, rate-limited and handed to {@link FrameHandler}.
 */
public final class DeviceSocket implements WsListener {
    private static final Logger LOG = Logger.getLogger(DeviceSocket.class.getName());

    /** What every socket shares. */
    public record Dependencies(BearerAuth auth, OriginPolicy origins, ConnectionRegistry registry,
                               NodeRoutes routes, PresenceService presence, FrameHandler handler, JsonCodec codec, Clock clock,
                               ServerMetrics metrics, int framesPerSecond, int frameBurst, int outgoingQueue) {
    }

    private final Dependencies deps;
    private final FrameRateLimiter rateLimiter;
    private final StringBuilder fragments = new StringBuilder();
    private long fragmentBytes;
    private Principal principal;
    private DeviceConnection connection;

    public DeviceSocket(Dependencies deps) {
        this.deps = deps;
        this.rateLimiter = new FrameRateLimiter(deps.framesPerSecond(), deps.frameBurst());
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) throws WsUpgradeException {
        if (!deps.origins().permits(headers.first(HeaderNames.ORIGIN))) {
            throw new WsUpgradeException("Origin not allowed");
        }
        try {
            principal = deps.auth().require(headers);
        } catch (ApiException e) {
            throw new WsUpgradeException(e.code() + ": " + e.getMessage());
        }
        return Optional.empty();
    }

    @Override
    public void onOpen(WsSession session) {
        connection = new DeviceConnection(principal.userId(), principal.deviceId(), session, deps.codec(),
                deps.metrics(), deps.clock(), deps.outgoingQueue());
        try {
            deps.presence().connected(principal.userId(), principal.deviceId());
        } catch (RuntimeException e) {
            // Presence is best effort: a presence store outage must not stop messaging.
            LOG.log(Level.WARNING, "Could not record presence of " + principal.userId() + " coming online", e);
        }
        // Hello is the first frame queued; the registration for live frames (here and with the other nodes)
        // follows it, and only then does anything go out. Nothing falls between: the device syncs after its hello, whatever committed
        // before the registration is in that sync, and every live frame after it (typing too) reaches it.
        connection.send(new ServerFrame.Hello(principal.userId(), principal.deviceId(), deps.clock().instant(),
                Limits.MAX_TEXT_CODE_POINTS, Limits.MAX_FRAME_BYTES));
        deps.registry().add(connection);
        deps.routes().deviceConnected(principal.userId());
        connection.release();
    }

    @Override
    public void onMessage(WsSession session, String text, boolean last) {
        if (connection == null || !connection.isOpen()) {
            return;
        }
        if (!last || !fragments.isEmpty()) {
            fragments.append(text);
            fragmentBytes += utf8Length(text);
            if (fragmentBytes > Limits.MAX_FRAME_BYTES) {
                fragments.setLength(0);
                fragmentBytes = 0;
                connection.close(WsCloseCodes.TOO_BIG, "Message larger than " + Limits.MAX_FRAME_BYTES + " bytes");
                return;
            }
            if (!last) {
                return;
            }
            text = fragments.toString();
            fragments.setLength(0);
            fragmentBytes = 0;
        }
        handleText(text);
    }

    @Override
    public void onMessage(WsSession session, BufferData buffer, boolean last) {
        if (connection != null && last) {
            connection.send(new ServerFrame.Error(null, "unsupported_frame",
                    "Binary frames are not part of the protocol; send JSON text frames"));
        }
    }

    @Override
    public void onClose(WsSession session, int status, String reason) {
        release();
    }

    @Override
    public void onError(WsSession session, Throwable t) {
        LOG.log(Level.FINE, "Socket error", t);
        release();
    }

    private void handleText(String text) {
        ClientFrameDecoding decoding = deps.codec().decodeClientFrame(text);
        if (!rateLimiter.tryAcquire()) {
            String requestId = decoding instanceof ClientFrameDecoding.Decoded d ? d.frame().requestId()
                    : ((ClientFrameDecoding.Rejected) decoding).requestId();
            connection.send(new ServerFrame.Error(requestId, "rate_limited",
                    "Too many frames; slow down (at most " + deps.framesPerSecond() + " per second)"));
            return;
        }
        switch (decoding) {
            case ClientFrameDecoding.Decoded decoded -> deps.handler().handle(principal, connection, decoded.frame());
            case ClientFrameDecoding.Rejected rejected ->
                    connection.send(new ServerFrame.Error(rejected.requestId(), rejected.code(), rejected.message()));
        }
    }

    private static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private void release() {
        DeviceConnection closing = connection;
        if (closing == null) {
            return;
        }
        connection = null;
        closing.closed();
        if (!deps.registry().remove(closing)) {
            return; // replaced by a newer socket of the same device, which keeps it online
        }
        try {
            deps.presence().disconnected(closing.userId(), closing.deviceId());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not record presence of " + closing.userId() + " going offline", e);
        }
    }
}
