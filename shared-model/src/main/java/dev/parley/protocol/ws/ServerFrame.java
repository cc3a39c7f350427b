package dev.parley.protocol.ws;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.ids.MessageId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.model.PresenceView;
import dev.parley.protocol.model.SyncCursor;
import dev.parley.protocol.model.UserView;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Every frame the server sends over a device's WebSocket. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ServerFrame.Hello.class, name = "hello"),
        @JsonSubTypes.Type(value = ServerFrame.Ack.class, name = "ack"),
        @JsonSubTypes.Type(value = ServerFrame.Message.class, name = "message"),
        @JsonSubTypes.Type(value = ServerFrame.SyncBatch.class, name = "syncBatch"),
        @JsonSubTypes.Type(value = ServerFrame.Receipt.class, name = "receipt"),
        @JsonSubTypes.Type(value = ServerFrame.Presence.class, name = "presence"),
        @JsonSubTypes.Type(value = ServerFrame.Typing.class, name = "typing"),
        @JsonSubTypes.Type(value = ServerFrame.Conversation.class, name = "conversation"),
        @JsonSubTypes.Type(value = ServerFrame.JoinRequested.class, name = "joinRequested"),
        @JsonSubTypes.Type(value = ServerFrame.Ok.class, name = "ok"),
        @JsonSubTypes.Type(value = ServerFrame.Pong.class, name = "pong"),
        @JsonSubTypes.Type(value = ServerFrame.SyncNeeded.class, name = "syncNeeded"),
        @JsonSubTypes.Type(value = ServerFrame.Error.class, name = "error")
})
public sealed interface ServerFrame {

    /** The requestId this frame answers, or null for frames the server pushes on its own. */
    static String requestIdOf(ServerFrame frame) {
        return switch (frame) {
            case Ack ack -> ack.requestId();
            case SyncBatch batch -> batch.requestId();
            case Ok ok -> ok.requestId();
            case Pong pong -> pong.requestId();
            case Error error -> error.requestId();
            case Hello ignored -> null;
            case Message ignored -> null;
            case Receipt ignored -> null;
            case Presence ignored -> null;
            case Typing ignored -> null;
            case Conversation ignored -> null;
            case JoinRequested ignored -> null;
            case SyncNeeded ignored -> null;
        };
    }

    /** First frame on every connection: who this device is and the limits in force. */
    record Hello(UserId userId, DeviceId deviceId, Instant serverTime, int maxTextCodePoints, int maxFrameBytes)
            implements ServerFrame {
        public Hello {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(serverTime, "serverTime");
        }
    }

    /**
     * The message is durably stored. A resend of an already stored clientMessageId gets the original
     * id, seq and time with {@code duplicate} true.
     */
    record Ack(String requestId, MessageId messageId, ConversationId conversationId, long seq,
               UUID clientMessageId, Instant sentAt, boolean duplicate) implements ServerFrame {
        public Ack {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(messageId, "messageId");
            Objects.requireNonNull(conversationId, "conversationId");
            Objects.requireNonNull(sentAt, "sentAt");
        }
    }

    /** A new log entry in one of the user's conversations, pushed as soon as it is committed. */
    record Message(MessageView message) implements ServerFrame {
        public Message {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * One page of delta sync: the user's conversations (with members and receipt watermarks), then
     * the log entries after the request's cursors, ordered by conversation and seq, and the cursors
     * to send next. {@code hasMore} false means the device is up to date.
     */
    record SyncBatch(String requestId, List<ConversationView> conversations, List<MessageView> messages,
                     List<PresenceView> presence, List<SyncCursor> cursors, boolean hasMore)
            implements ServerFrame {
        public SyncBatch {
            Objects.requireNonNull(requestId, "requestId");
            conversations = List.copyOf(conversations);
            messages = List.copyOf(messages);
            presence = List.copyOf(presence);
            cursors = List.copyOf(cursors);
        }
    }

    /** A member's receipt watermarks moved. */
    record Receipt(ConversationId conversationId, UserId userId, long deliveredUpToSeq, long readUpToSeq)
            implements ServerFrame {
        public Receipt {
            Objects.requireNonNull(conversationId, "conversationId");
            Objects.requireNonNull(userId, "userId");
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Presence(UserId userId, boolean online, Instant lastSeenAt) implements ServerFrame {
        public Presence {
            Objects.requireNonNull(userId, "userId");
        }

        public static Presence of(PresenceView view) {
            return new Presence(view.userId(), view.online(), view.lastSeenAt());
        }
    }

    /** A member is typing; shows until {@code until} unless renewed. */
    record Typing(ConversationId conversationId, UserId userId, Instant until) implements ServerFrame {
        public Typing {
            Objects.requireNonNull(conversationId, "conversationId");
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(until, "until");
        }
    }

    /**
     * A conversation this user is in was created or changed (name, members, roles), or the user is no
     * longer in it ({@code active} false).
     */
    record Conversation(ConversationView conversation) implements ServerFrame {
        public Conversation {
            Objects.requireNonNull(conversation, "conversation");
        }
    }

    /** Someone asked to join a group by its link and waits for an admin; sent to the group's admins. */
    record JoinRequested(ConversationId conversationId, UserView user, Instant requestedAt) implements ServerFrame {
        public JoinRequested {
            Objects.requireNonNull(conversationId, "conversationId");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(requestedAt, "requestedAt");
        }
    }

    record Ok(String requestId) implements ServerFrame {
        public Ok {
            Objects.requireNonNull(requestId, "requestId");
        }
    }

    record Pong(String requestId, Instant serverTime) implements ServerFrame {
        public Pong {
            Objects.requireNonNull(requestId, "requestId");
        }
    }

    /**
     * Live frames meant for this device may have been missed (the server's link to the other nodes was
     * down): the device should run delta sync from its cursors, as after a reconnect.
     */
    record SyncNeeded(String reason) implements ServerFrame {
        public SyncNeeded {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** The request named by requestId (null when it could not be read) failed and changed nothing. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Error(String requestId, String code, String message) implements ServerFrame {
        public Error {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }
}
