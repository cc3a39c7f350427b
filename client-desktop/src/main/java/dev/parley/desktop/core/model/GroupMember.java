package dev.parley.desktop.core.model;

import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.MemberRole;

import java.time.Instant;
import java.util.Objects;

/** A member of a group with role and presence ({@code lastSeenAt} null when online or never seen). */
public record GroupMember(UserId userId, String username, String displayName, MemberRole role, boolean me,
                          boolean online, Instant lastSeenAt) {
    public GroupMember {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(role, "role");
    }
}
