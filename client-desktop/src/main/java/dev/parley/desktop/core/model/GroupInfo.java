package dev.parley.desktop.core.model;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.model.MemberRole;

import java.util.List;
import java.util.Objects;

/**
 * A group as this device knows it: name, description, whether joining by link waits for an admin,
 * and its members (owner first, then admins, then by name). {@code myRole} is null once this user
 * is no longer a member ({@code active} false); then {@code members} is empty. {@code avatarTag} names
 * the group's picture (null: none, initials are shown).
 */
public record GroupInfo(ConversationId id, String name, String description, boolean active, boolean joinApproval,
                        MemberRole myRole, List<GroupMember> members, String avatarTag) {
    public GroupInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        members = List.copyOf(members);
    }

    /** Admins and the owner manage the group. */
    public boolean canManage() {
        return active && myRole != null && myRole.canManage();
    }

    public boolean isOwner() {
        return active && myRole == MemberRole.OWNER;
    }
}
