package dev.parley.protocol.ws;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.parley.protocol.Limits;
import dev.parley.protocol.Validation;
import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.model.SyncCursor;

import java.util.List;
import java.util.UUID;

/**
 * Every frame a device may send over its WebSocket. Each carries a {@code requestId} chosen by the
 * client, echoed in the server's answer ({@code ack}, {@code syncBatch}, {@code ok}, {@code pong} or
 * {@code error}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ClientFrame.Send.class, name = "send"),
        @JsonSubTypes.Type(value = ClientFrame.Sync.class, name = "sync"),
        @JsonSubTypes.Type(value = ClientFrame.MarkDelivered.class, name = "markDelivered"),
        @JsonSubTypes.Type(value = ClientFrame.MarkRead.class, name = "markRead"),
        @JsonSubTypes.Type(value = ClientFrame.Typing.class, name = "typing"),
        @JsonSubTypes.Type(value = ClientFrame.Ping.class, name = "ping")
})
public sealed interface ClientFrame {
    String requestId();

    /** Send a text message. Resending the same clientMessageId never creates a second message. */
    record Send(String requestId, ConversationId conversationId, UUID clientMessageId, String text)
            implements ClientFrame {
        public Send {
            Validation.required(requestId, "requestId");
            Validation.requestId(requestId);
            Validation.required(conversationId, "conversationId");
            Validation.required(clientMessageId, "clientMessageId");
            Validation.messageText(text);
        }
    }

    /**
     * Ask for every log entry after the given cursors. Conversations without a cursor are sent from
     * the start. Answered by one {@code syncBatch}; repeat with its cursors while it says hasMore.
     */
    record Sync(String requestId, List<SyncCursor> cursors, Integer limit) implements ClientFrame {
        public Sync {
            Validation.required(requestId, "requestId");
            Validation.requestId(requestId);
            cursors = cursors == null ? List.of() : List.copyOf(cursors);
            if (limit == null) {
                limit = Limits.DEFAULT_SYNC_PAGE;
            } else if (limit < 1 || limit > Limits.MAX_SYNC_PAGE) {
                throw new dev.parley.protocol.ProtocolException("invalid_field",
                        "limit must be between 1 and " + Limits.MAX_SYNC_PAGE);
            }
        }
    }

    /** One of this user's devices received every entry up to upToSeq. */
    record MarkDelivered(String requestId, ConversationId conversationId, Long upToSeq) implements ClientFrame {
        public MarkDelivered {
            Validation.required(requestId, "requestId");
            Validation.requestId(requestId);
            Validation.required(conversationId, "conversationId");
            upToSeq = Validation.nonNegative(upToSeq, "upToSeq");
        }
    }

    /** The user read every entry up to upToSeq (which implies delivered). */
    record MarkRead(String requestId, ConversationId conversationId, Long upToSeq) implements ClientFrame {
        public MarkRead {
            Validation.required(requestId, "requestId");
            Validation.requestId(requestId);
            Validation.required(conversationId, "conversationId");
            upToSeq = Validation.nonNegative(upToSeq, "upToSeq");
        }
    }

    /** The user is typing. Ephemeral: not stored, not acknowledged; requestId is optional. */
    record Typing(String requestId, ConversationId conversationId) implements ClientFrame {
        public Typing {
            Validation.requestId(requestId);
            Validation.required(conversationId, "conversationId");
        }
    }

    /** Application-level heartbeat; answered by {@code pong}. */
    record Ping(String requestId) implements ClientFrame {
        public Ping {
            Validation.required(requestId, "requestId");
            Validation.requestId(requestId);
        }
    }
}
