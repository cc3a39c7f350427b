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
 * {@code failure} says why a FAILED message was refused. {@code note} is the worded line of an entry
 * that is not a message ("Ana added Ben"); null for messages and for entries not shown at all.
 * {@code group} tells whether the entry is in a group (bubbles then name their sender).
 */
public record ChatMessage(ConversationId conversationId, Long seq, UUID clientMessageId, MessageKind kind,
                          UserId senderId, String senderName, String text, UserId subjectUserId,
                          String subjectName, Instant time, boolean mine, DeliveryStatus status, String failure,
                          String note, boolean group) {
    public ChatMessage {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(time, "time");
    }

    public boolean pending() {
        return seq == null;
    }

    /** Messages are shown as bubbles, changes to the chat as a line; a few entries say nothing new. */
    public boolean shown() {
        return kind == MessageKind.TEXT || note != null;
    }
}
