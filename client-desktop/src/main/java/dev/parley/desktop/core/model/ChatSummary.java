package dev.parley.desktop.core.model;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.UserId;

import java.time.Instant;
import java.util.List;

/**
 * A row of the chat list: the other person (direct chats) or the group's name, the newest entry,
 * unread count, presence. {@code lastSeenAt} is null when online or never seen. For groups,
 * {@code online} is whether any other member is online, {@code active} false once this user left or
 * was removed, {@code typingNames} who is typing now (display names, in the order they started), and
 * {@code avatarTag} names the group's picture (null: none, or a direct chat).
 */
public record ChatSummary(ConversationId id, String title, UserId otherUserId, String otherUsername,
                          String lastMessagePreview, Instant lastActivity, int unread, boolean online,
                          Instant lastSeenAt, boolean typing, boolean muted, boolean group, boolean active,
                          int memberCount, List<String> typingNames, String avatarTag) {
    public ChatSummary {
        typingNames = typingNames == null ? List.of() : List.copyOf(typingNames);
    }

    /** A direct chat's row. */
    public static ChatSummary direct(ConversationId id, String title, UserId otherUserId, String otherUsername,
                                     String lastMessagePreview, Instant lastActivity, int unread, boolean online,
                                     Instant lastSeenAt, boolean typing, boolean muted) {
        return new ChatSummary(id, title, otherUserId, otherUsername, lastMessagePreview, lastActivity, unread, online,
                lastSeenAt, typing, muted, false, true, 2, List.of(), null);
    }

    public ChatSummary withUnread(int count) {
        return new ChatSummary(id, title, otherUserId, otherUsername, lastMessagePreview, lastActivity, count, online,
                lastSeenAt, typing, muted, group, active, memberCount, typingNames, avatarTag);
    }

    /** "Ana is typing…", "Ana and Ben are typing…", "3 people are typing…"; "typing…" in a direct chat; else empty. */
    public String typingText() {
        if (!group) {
            return typing ? "typing…" : "";
        }
        return switch (typingNames.size()) {
            case 0 -> "";
            case 1 -> typingNames.getFirst() + " is typing…";
            case 2 -> typingNames.get(0) + " and " + typingNames.get(1) + " are typing…";
            default -> typingNames.size() + " people are typing…";
        };
    }
}
