package dev.parley.protocol.rest;

import dev.parley.protocol.Validation;

/**
 * POST /api/v1/accounts. The constructor normalises (username and email folded to lower case).
 * {@code inviteCode} is optional: a registration invite, needed when the server is invite-only.
 */
public record RegisterRequest(String username, String displayName, String email, String password,
                              String inviteCode) {
    public RegisterRequest {
        username = Validation.username(username);
        displayName = Validation.displayName(displayName);
        email = Validation.email(email);
        password = Validation.password(password, "password");
        inviteCode = inviteCode == null || inviteCode.isBlank() ? null : inviteCode.strip();
    }

    @Override
    public String toString() {
        // The password and the invite code are secrets.
        return "RegisterRequest[username=" + username + ", displayName=" + displayName + ", email=" + email + "]";
    }
}
