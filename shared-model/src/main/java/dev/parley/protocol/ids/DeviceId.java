package dev.parley.protocol.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** Identifies one logged-in device session of a user. */
public record DeviceId(@JsonValue UUID value) {
    public DeviceId {
        Objects.requireNonNull(value, "value");
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static DeviceId of(UUID value) {
        return new DeviceId(value);
    }

    public static DeviceId parse(String text) {
        return new DeviceId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
