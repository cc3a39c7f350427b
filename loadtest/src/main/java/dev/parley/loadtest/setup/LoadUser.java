package dev.parley.loadtest.setup;

import dev.parley.protocol.ids.UserId;

import java.util.Objects;

/** An account the tool registered, logged in, ready to connect. */
public record LoadUser(String username, UserId userId, String token) {
    public LoadUser {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(token, "token");
    }
}
