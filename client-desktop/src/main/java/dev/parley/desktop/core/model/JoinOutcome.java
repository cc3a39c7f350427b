package dev.parley.desktop.core.model;

import dev.parley.protocol.ids.ConversationId;

/**
 * What following a group's invite link did: joined (the group is {@code conversationId}), or asked to
 * join, waiting for an admin ({@code conversationId} null).
 */
public record JoinOutcome(ConversationId conversationId, String groupName) {
    public boolean pending() {
        return conversationId == null;
    }
}
