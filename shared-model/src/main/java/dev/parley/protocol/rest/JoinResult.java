package dev.parley.protocol.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.parley.protocol.model.ConversationView;

/**
 * POST /api/v1/group-invites/{code}/join: {@code joined} with the group, or {@code pending} when an
 * admin must approve first (the group then arrives as a {@code conversation} frame once approved).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JoinResult(Status status, ConversationView conversation) {
    public enum Status {
        @JsonProperty("joined") JOINED,
        @JsonProperty("pending") PENDING
    }
}
