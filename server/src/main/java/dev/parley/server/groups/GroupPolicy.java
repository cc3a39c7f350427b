package dev.parley.server.groups;

import dev.parley.protocol.model.MemberRole;
import dev.parley.server.http.ApiException;

/** Who may do what in a group: pure rules on roles, so the whole matrix reads in one place. */
final class GroupPolicy {
    private GroupPolicy() {
    }

    /** Adding members, renaming, the invite link and join requests: admins and the owner. */
    static void requireAdmin(MemberRole actor, String action) {
        if (!actor.canManage()) {
            throw ApiException.forbidden("not_group_admin", "Only group admins can " + action);
        }
    }

    static void requireOwner(MemberRole actor, String action) {
        if (actor != MemberRole.OWNER) {
            throw ApiException.forbidden("not_group_owner", "Only the group's owner can " + action);
        }
    }

    /** Admins remove plain members; the owner removes anyone but themself; nobody removes the owner. */
    static void requireCanRemove(MemberRole actor, MemberRole target) {
        requireAdmin(actor, "remove members");
        if (target == MemberRole.OWNER) {
            throw ApiException.forbidden("cannot_remove_owner", "The group's owner cannot be removed");
        }
        if (target == MemberRole.ADMIN) {
            requireOwner(actor, "remove an admin");
        }
    }

    /**
     * Admins make members admins; only the owner dismisses an admin or hands over ownership. The
     * owner's own role changes only by handing ownership to someone else.
     */
    static void requireCanSetRole(MemberRole actor, MemberRole target, MemberRole newRole) {
        if (target == MemberRole.OWNER) {
            throw ApiException.conflict("owner_role",
                    "The owner stays owner until they make someone else the owner or leave");
        }
        switch (newRole) {
            case ADMIN -> requireAdmin(actor, "make members admins");
            case MEMBER -> {
                requireAdmin(actor, "change roles");
                if (target == MemberRole.ADMIN) {
                    requireOwner(actor, "dismiss an admin");
                }
            }
            case OWNER -> requireOwner(actor, "hand over ownership");
        }
    }
}
