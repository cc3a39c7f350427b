package dev.parley.protocol.model;

import dev.parley.protocol.ids.UserId;

import java.util.Objects;

/**
 * A member of a conversation with their receipt watermarks: every entry with seq at or below
 * {@code deliveredUpToSeq} reached one of their devices, at or below {@code readUpToSeq} was read.
 */
public record MemberView(UserId userId, String username, String displayName,
                         long deliveredUpToSeq, long readUpToSeq) {
    public MemberView {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(displayName, "displayName");
    }
}
