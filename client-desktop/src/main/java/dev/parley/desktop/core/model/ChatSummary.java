package dev.parley.desktop.core.model;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.UserId;

import java.time.Instant;

/**
 * A row of the chat list: the other person (direct chats), the newest entry, unread count, presence.
 * {@code lastSeenAt} is null when online or never seen.
 */
public record ChatSummary(ConversationId id, String title, UserId otherUserId, String otherUsername,
                          String lastMessagePreview, Instant lastActivity, int unread, boolean online,
                          Instant lastSeenAt, boolean typing, boolean muted) {
}
