package dev.parley.protocol.model;

import dev.parley.protocol.Validation;
import dev.parley.protocol.ids.ConversationId;

/** "I have every entry of this conversation up to and including {@code afterSeq}." */
public record SyncCursor(ConversationId conversationId, Long afterSeq) {
    public SyncCursor {
        Validation.required(conversationId, "cursors[].conversationId");
        afterSeq = Validation.nonNegative(afterSeq, "cursors[].afterSeq");
    }

    public static SyncCursor of(ConversationId conversationId, long afterSeq) {
        return new SyncCursor(conversationId, afterSeq);
    }
}
