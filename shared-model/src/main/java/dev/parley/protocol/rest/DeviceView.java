package dev.parley.protocol.rest;

import dev.parley.protocol.ids.DeviceId;

import java.time.Instant;

/** One logged-in device session; {@code current} marks the one making the request. */
public record DeviceView(DeviceId id, String name, Instant createdAt, Instant lastActiveAt, boolean current) {
}
