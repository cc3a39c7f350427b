package dev.parley.protocol.rest;

import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.model.UserView;

import java.time.Instant;

/** The bearer token is shown once, here; the server keeps only its hash. */
public record LoginResponse(String token, DeviceId deviceId, UserView user, Instant expiresAt) {
}
