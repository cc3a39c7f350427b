package dev.parley.server.groups;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.MemberRole;
import dev.parley.server.conversations.ConversationRepository;
import dev.parley.server.http.ApiException;
import io.helidon.dbclient.DbExecute;

/**
 * The first check of every group action: the caller is a current member (never-members are told the
 * group does not exist, former members that they are no longer in it) and the conversation is a group.
 */
final class GroupAccess {
    private final ConversationRepository conversations;

    GroupAccess(ConversationRepository conversations) {
        this.conversations = conversations;
    }

    /** The group and the caller's role in it. */
    record Standing(ConversationRepository.Group group, MemberRole role) {
    }

    Standing require(DbExecute exec, ConversationId id, UserId user) {
        ConversationRepository.Membership membership = conversations.membership(exec, id, user)
                .orElseThrow(ApiException::conversationNotFound);
        if (!membership.active()) {
            throw ApiException.notAMember();
        }
        ConversationRepository.Group group = conversations.group(exec, id)
                .orElseThrow(() -> ApiException.badRequest("not_a_group", "This is a direct chat, not a group"));
        return new Standing(group, membership.role());
    }

    /** {@link #require}, and the caller is an admin or the owner. */
    ConversationRepository.Group requireAdmin(DbExecute exec, ConversationId id, UserId user, String action) {
        Standing standing = require(exec, id, user);
        GroupPolicy.requireAdmin(standing.role(), action);
        return standing.group();
    }
}
