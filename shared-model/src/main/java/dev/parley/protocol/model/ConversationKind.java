package dev.parley.protocol.model;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum ConversationKind {
    @JsonProperty("direct") DIRECT,
    @JsonProperty("group") GROUP
}
