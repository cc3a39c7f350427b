package dev.parley.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What an entry in a conversation's log is: a user's message, or a membership change. */
public enum MessageKind {
    @JsonProperty("text") TEXT("text"),
    @JsonProperty("member_joined") MEMBER_JOINED("member_joined"),
    @JsonProperty("member_left") MEMBER_LEFT("member_left");

    private final String wireName;

    MessageKind(String wireName) {
        this.wireName = wireName;
    }

    /** The name on the wire and in storage. */
    public String wireName() {
        return wireName;
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
