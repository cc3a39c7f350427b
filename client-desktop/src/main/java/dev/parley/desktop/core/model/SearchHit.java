package dev.parley.desktop.core.model;

import dev.parley.protocol.ids.ConversationId;

import java.time.Instant;

/** A cached message that matches a search, to open its chat at {@code seq}. */
public record SearchHit(ConversationId conversationId, String chatTitle, long seq, String senderName, String text,
                        Instant time) {
}
