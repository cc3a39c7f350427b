package dev.parley.server.accounts;

import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.ids.UserId;

import java.util.Objects;

/** Who is asking: an authenticated device of a user. */
public record Principal(UserId userId, DeviceId deviceId) {
    public Principal {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(deviceId, "deviceId");
    }
}
