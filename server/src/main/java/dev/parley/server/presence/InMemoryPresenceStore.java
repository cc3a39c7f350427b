package dev.parley.server.presence;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.ids.UserId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Presence for a single node with no Redis. */
public final class InMemoryPresenceStore implements PresenceStore {
    private final Clock clock;
    private final Map<UserId, Map<DeviceId, Instant>> devices = new ConcurrentHashMap<>();
    private final Map<UserId, Instant> lastSeen = new ConcurrentHashMap<>();
    private final Map<String, Instant> typing = new ConcurrentHashMap<>();

    public InMemoryPresenceStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void deviceOnline(UserId user, DeviceId device, Duration ttl) {
        Instant expiry = clock.instant().plus(ttl);
        devices.computeIfAbsent(user, u -> new ConcurrentHashMap<>()).put(device, expiry);
    }

    @Override
    public boolean deviceOffline(UserId user, DeviceId device) {
        boolean[] none = {true};
        devices.computeIfPresent(user, (u, map) -> {
            map.remove(device);
            Instant now = clock.instant();
            map.values().removeIf(expiry -> expiry.isBefore(now));
            none[0] = map.isEmpty();
            return map.isEmpty() ? null : map;
        });
        return none[0];
    }

    @Override
    public boolean isOnline(UserId user) {
        Map<DeviceId, Instant> map = devices.get(user);
        Instant now = clock.instant();
        return map != null && map.values().stream().anyMatch(expiry -> expiry.isAfter(now));
    }

    @Override
    public void setLastSeen(UserId user, Instant at) {
        lastSeen.merge(user, at, (a, b) -> a.isAfter(b) ? a : b);
    }

    @Override
    public Optional<Instant> lastSeen(UserId user) {
        return Optional.ofNullable(lastSeen.get(user));
    }

    @Override
    public boolean claimTyping(ConversationId conversation, UserId user, Duration window) {
        Instant now = clock.instant();
        boolean[] claimed = {false};
        typing.compute(conversation + "/" + user, (key, until) -> {
            if (until != null && until.isAfter(now)) {
                return until;
            }
            claimed[0] = true;
            return now.plus(window);
        });
        if (typing.size() > 10_000) {
            typing.values().removeIf(until -> until.isBefore(now));
        }
        return claimed[0];
    }

    @Override
    public boolean healthy() {
        return true;
    }

    @Override
    public void close() {
        devices.clear();
    }
}
