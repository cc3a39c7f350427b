package dev.parley.desktop.core.session;

import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.model.UserView;

import java.net.URI;
import java.util.Objects;

/** A logged-in device session as remembered between runs of the app. */
public record SavedSession(URI server, UserView user, DeviceId deviceId, String token) {
    public SavedSession {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(token, "token");
    }

    @Override
    public String toString() {
        return "SavedSession[server=" + server + ", user=" + user.username() + ", deviceId=" + deviceId + "]";
    }
}
