package dev.parley.protocol.model;

import dev.parley.protocol.ids.UserId;

import java.util.Objects;

/** What other users may see of an account. */
public record UserView(UserId id, String username, String displayName) {
    public UserView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(displayName, "displayName");
    }
}
