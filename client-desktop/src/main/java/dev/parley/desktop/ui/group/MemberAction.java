package dev.parley.desktop.ui.group;

import dev.parley.desktop.core.model.GroupInfo;
import dev.parley.desktop.core.model.GroupMember;
import dev.parley.protocol.model.MemberRole;

import java.util.ArrayList;
import java.util.List;

/** What this user may do to another member, by the group's rules (the server checks them again). */
public enum MemberAction {
    MAKE_ADMIN("Make admin"),
    DISMISS_ADMIN("Dismiss as admin"),
    MAKE_OWNER("Make owner"),
    REMOVE("Remove from group");

    private final String label;

    MemberAction(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * Admins promote members and remove members; the owner also dismisses admins, hands over
     * ownership and removes anyone.
     */
    public static List<MemberAction> allowed(GroupInfo group, GroupMember member) {
        List<MemberAction> actions = new ArrayList<>();
        if (!group.canManage() || member.me()) {
            return actions;
        }
        if (member.role() == MemberRole.MEMBER) {
            actions.add(MAKE_ADMIN);
        }
        if (group.isOwner() && member.role() == MemberRole.ADMIN) {
            actions.add(DISMISS_ADMIN);
        }
        if (group.isOwner()) {
            actions.add(MAKE_OWNER);
        }
        if (member.role() == MemberRole.MEMBER || group.isOwner()) {
            actions.add(REMOVE);
        }
        return actions;
    }
}
