package dev.parley.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a member may do in a group. Admins add and remove members, rename the group and manage its
 * invite link; the one owner can also demote admins and hand over ownership. In a direct chat both
 * people are plain members.
 */
public enum MemberRole {
    @JsonProperty("owner") OWNER("owner"),
    @JsonProperty("admin") ADMIN("admin"),
    @JsonProperty("member") MEMBER("member");

    private final String wireName;

    MemberRole(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Admins and the owner manage the group. */
    public boolean canManage() {
        return this != MEMBER;
    }

    public static MemberRole fromWireName(String name) {
        for (MemberRole role : values()) {
            if (role.wireName.equals(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException("Unknown member role: " + name);
    }
}
