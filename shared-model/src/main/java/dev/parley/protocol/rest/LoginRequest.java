package dev.parley.protocol.rest;

import dev.parley.protocol.Validation;

import java.util.Locale;

/**
 * POST /api/v1/sessions. Only presence is checked here: a login with a malformed username or
 * password must fail exactly like any other wrong credentials, so it reveals nothing.
 */
public record LoginRequest(String username, String password, String deviceName) {
    public LoginRequest {
        username = Validation.required(username, "username").strip().toLowerCase(Locale.ROOT);
        Validation.required(password, "password");
        deviceName = Validation.deviceName(deviceName);
    }

    @Override
    public String toString() {
        return "LoginRequest[username=" + username + ", deviceName=" + deviceName + "]";
    }
}
