package dev.parley.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What an entry in a conversation's log is: a user's message, or a membership change. */
public enum MessageKind {
    @JsonProperty("text") TEXT,
    @JsonProperty("member_joined") MEMBER_JOINED,
    @JsonProperty("member_left") MEMBER_LEFT
}
