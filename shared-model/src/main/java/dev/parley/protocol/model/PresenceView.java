package dev.parley.protocol.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.parley.protocol.ids.UserId;

import java.time.Instant;
import java.util.Objects;

/** Online while any device of the user is connected; otherwise when their last device went away (null: never). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PresenceView(UserId userId, boolean online, Instant lastSeenAt) {
    public PresenceView {
        Objects.requireNonNull(userId, "userId");
    }
}
