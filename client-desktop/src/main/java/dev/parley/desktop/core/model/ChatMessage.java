package dev.parley.desktop.core.model;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.MessageKind;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One entry of a chat as the app shows it. {@code seq} is null while the message waits in the outbox
 * (then it sorts after every stored entry). {@code status} matters for one's own messages only;
 * {@code failure} says why a FAILED message was refused.
 */
public record ChatMessage(ConversationId conversationId, Long seq, UUID clientMessageId, MessageKind kind,
                          UserId senderId, String senderName, String text, UserId subjectUserId,
                          String subjectName, Instant time, boolean mine, DeliveryStatus status, String failure) {
    public ChatMessage {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(time, "time");
    }

    public boolean pending() {
        return seq == null;
    }
}
