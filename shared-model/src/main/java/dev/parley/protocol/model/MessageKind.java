package dev.parley.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What an entry in a conversation's log is: a user's message, or a change to the conversation made by
 * {@code senderId} (the actor) and, for membership and role changes, about {@code subjectUserId}.
 */
public enum MessageKind {
    @JsonProperty("text") TEXT("text"),
    /** The group was created; {@code text} holds its name. */
    @JsonProperty("group_created") GROUP_CREATED("group_created"),
    /** The subject became a member: added by the sender, or joined by link when sender and subject are one. */
    @JsonProperty("member_joined") MEMBER_JOINED("member_joined"),
    /** The subject left the conversation on their own. */
    @JsonProperty("member_left") MEMBER_LEFT("member_left"),
    /** The sender removed the subject from the group. */
    @JsonProperty("member_removed") MEMBER_REMOVED("member_removed"),
    /** The sender renamed the group; {@code text} holds the new name. */
    @JsonProperty("group_renamed") GROUP_RENAMED("group_renamed"),
    /** The subject's role changed; {@code text} holds the new role's wire name (owner, admin, member). */
    @JsonProperty("role_changed") ROLE_CHANGED("role_changed");

    private final String wireName;

    MessageKind(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire and in storage. */
    public String wireName() {
        return wireName;
    }

    /** Entries that change who is in the conversation, and so who receives what follows. */
    public boolean changesMembership() {
        return this == MEMBER_JOINED || this == MEMBER_LEFT || this == MEMBER_REMOVED;
    }

    public static MessageKind fromWireName(String name) {
        for (MessageKind kind : values()) {
            if (kind.wireName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("Unknown message kind: " + name);
    }
}
