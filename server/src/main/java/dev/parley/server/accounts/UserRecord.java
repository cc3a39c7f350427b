package dev.parley.server.accounts;

import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.UserView;

import java.time.Instant;

/** A row of {@code users}. */
public record UserRecord(UserId id, String username, String displayName, String email, String passwordHash,
                         String inviteCode, Instant createdAt, Instant lastSeenAt) {
    public UserView view() {
        return new UserView(id, username, displayName);
    }
}
