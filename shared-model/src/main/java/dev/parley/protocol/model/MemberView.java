package dev.parley.protocol.model;

import dev.parley.protocol.ids.UserId;

import java.util.Objects;

/**
 * A current member of a conversation with their role and receipt watermarks: every entry with seq at
 * or below {@code deliveredUpToSeq} reached one of their devices, at or below {@code readUpToSeq} was
 * read. {@code joinedSeq} is the seq of the entry that made them a member: entries before it were
 * never theirs, so they do not count among its recipients.
 */
public record MemberView(UserId userId, String username, String displayName, MemberRole role, long joinedSeq,
                         long deliveredUpToSeq, long readUpToSeq) {
    public MemberView {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(role, "role");
    }

    /** Whether this member was meant to receive the entry with {@code seq} (the sender aside). */
    public boolean isRecipientOf(long seq) {
        return joinedSeq < seq;
    }
}
