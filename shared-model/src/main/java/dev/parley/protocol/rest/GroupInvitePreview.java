package dev.parley.protocol.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.parley.protocol.ids.ConversationId;

/**
 * GET /api/v1/group-invites/{code}: what a group invite leads to, before joining. {@code conversationId}
 * is given only to people already in the group.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GroupInvitePreview(String name, String description, int memberCount, boolean joinApproval,
                                 boolean alreadyMember, ConversationId conversationId) {
}
