package dev.parley.server.accounts;

import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.ids.UserId;

import java.time.Instant;

/** A row of {@code devices}: one login session. */
public record DeviceRecord(DeviceId id, UserId userId, String name, Instant createdAt, Instant lastActiveAt,
                           Instant revokedAt) {
}
