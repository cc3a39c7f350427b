package dev.parley.loadtest.client;

import dev.parley.loadtest.accounting.Stamp;
import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ws.ClientFrame;

import java.util.Objects;
import java.util.UUID;

/**
 * A message a device wrote and the server has not acknowledged yet. Its {@code clientMessageId} is
 * chosen once, when the message is written, so every resend is the same frame (§12.2).
 */
public record PendingSend(Stamp stamp, ConversationId conversation, UUID clientMessageId, String text) {
    public PendingSend {
        Objects.requireNonNull(stamp, "stamp");
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(clientMessageId, "clientMessageId");
        Objects.requireNonNull(text, "text");
    }

    /** The request id the answer echoes; the same on every attempt. */
    public String requestId() {
        return stamp.requestId();
    }

    public ClientFrame.Send frame() {
        return new ClientFrame.Send(requestId(), conversation, clientMessageId, text);
    }
}
