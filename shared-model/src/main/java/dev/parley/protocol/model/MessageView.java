package dev.parley.protocol.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.ids.MessageId;
import dev.parley.protocol.ids.UserId;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One entry of a conversation's log. {@code seq} is gapless per conversation (1, 2, 3, ...) and is the
 * order every member sees. For {@link MessageKind#TEXT} entries, {@code text} and
 * {@code clientMessageId} are set; for membership entries, {@code subjectUserId} names who joined or left.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageView(MessageId id,
                          ConversationId conversationId,
                          long seq,
                          MessageKind kind,
                          UserId senderId,
                          DeviceId senderDeviceId,
                          UUID clientMessageId,
                          String text,
                          UserId subjectUserId,
                          Instant sentAt) {
    public MessageView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(senderId, "senderId");
        Objects.requireNonNull(sentAt, "sentAt");
        if (seq < 1) {
            throw new IllegalArgumentException("seq starts at 1");
        }
    }
}
