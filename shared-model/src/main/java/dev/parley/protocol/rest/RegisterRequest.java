package dev.parley.protocol.rest;

import dev.parley.protocol.Validation;

/** POST /api/v1/accounts. The constructor normalises (username and email folded to lower case). */
public record RegisterRequest(String username, String displayName, String email, String password) {
    public RegisterRequest {
        username = Validation.username(username);
        displayName = Validation.displayName(displayName);
        email = Validation.email(email);
        password = Validation.password(password, "password");
    }

    @Override
    public String toString() {
        return "RegisterRequest[username=" + username + ", displayName=" + displayName + ", email=" + email + "]";
    }
}
