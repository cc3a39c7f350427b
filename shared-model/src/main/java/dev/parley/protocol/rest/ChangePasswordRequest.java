package dev.parley.protocol.rest;

import dev.parley.protocol.Validation;

/** PUT /api/v1/me/password. Ends every other session of the account. */
public record ChangePasswordRequest(String currentPassword, String newPassword) {
    public ChangePasswordRequest {
        Validation.required(currentPassword, "currentPassword");
        newPassword = Validation.password(newPassword, "newPassword");
    }

    @Override
    public String toString() {
        return "ChangePasswordRequest[]";
    }
}
