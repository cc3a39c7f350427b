package dev.parley.server.realtime;

import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ws.ClientFrame;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.accounts.Principal;
import dev.parley.server.conversations.ConversationService;
import dev.parley.server.http.ApiException;
import dev.parley.server.messaging.MessagingService;
import dev.parley.server.presence.PresenceService;
import dev.parley.server.receipts.ReceiptService;
import dev.parley.server.storage.DatabaseOutage;

import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Routes each decoded frame of a device to the service that owns it and answers on the same socket.
 * A failed request gets an error frame naming it and changes nothing; the socket stays open.
 */
public final class FrameHandler {
    private static final Logger LOG = Logger.getLogger(FrameHandler.class.getName());
    private static final String UNAVAILABLE = "The server cannot reach its database right now; nothing was stored. "
            + "Try again shortly (a resend with the same clientMessageId is safe)";

    private final MessagingService messaging;
    private final ReceiptService receipts;
    private final ConversationService conversations;
    private final PresenceService presence;
    private final DatabaseOutage outage;
    private final Clock clock;

    public FrameHandler(MessagingService messaging, ReceiptService receipts, ConversationService conversations,
                        PresenceService presence, DatabaseOutage outage, Clock clock) {
        this.outage = outage;
        this.messaging = messaging;
        this.receipts = receipts;
        this.conversations = conversations;
        this.presence = presence;
        this.clock = clock;
    }

    public void handle(Principal device, DeviceConnection connection, ClientFrame frame) {
        try {
            switch (frame) {
                case ClientFrame.Send send -> connection.send(messaging.send(device, send).ack(send.requestId()));
                case ClientFrame.Sync sync -> connection.send(messaging.sync(device, sync));
                case ClientFrame.MarkDelivered mark -> {
                    receipts.markDelivered(device, mark);
                    connection.send(new ServerFrame.Ok(mark.requestId()));
                }
                case ClientFrame.MarkRead mark -> {
                    receipts.markRead(device, mark);
                    connection.send(new ServerFrame.Ok(mark.requestId()));
                }
                case ClientFrame.Typing typing -> {
                    conversations.requireMember(device.userId(), typing.conversationId());
                    presence.typing(typing.conversationId(), device.userId(), device.deviceId());
                }
                case ClientFrame.Ping ping -> {
                    presence.heartbeat(device.userId(), device.deviceId());
                    connection.send(new ServerFrame.Pong(ping.requestId(), clock.instant()));
                }
            }
        } catch (ApiException e) {
            connection.send(new ServerFrame.Error(frame.requestId(), e.code(), e.getMessage()));
        } catch (ProtocolException e) {
            connection.send(new ServerFrame.Error(frame.requestId(), e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            if (DatabaseOutage.isUnreachable(e)) {
                outage.refused(frame.getClass().getSimpleName() + " from device " + device.deviceId(), e);
                connection.send(new ServerFrame.Error(frame.requestId(), "unavailable", UNAVAILABLE));
                return;
            }
            LOG.log(Level.SEVERE, "Frame " + frame.getClass().getSimpleName() + " from device "
                    + device.deviceId() + " failed", e);
            connection.send(new ServerFrame.Error(frame.requestId(), "internal_error",
                    "The server could not handle this request; try again (a resend with the same clientMessageId is safe)"));
        }
    }
}
