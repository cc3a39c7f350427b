package dev.parley.server.presence;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.ids.UserId;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where presence, last seen and typing state live: in this process, or in Redis when configured so
 * that every node sees the same. Entries expire by themselves, so a node that dies stops claiming
 * its users are online within one TTL.
 */
public interface PresenceStore extends AutoCloseable {
    /** Marks a device connected (or still connected) for {@code ttl}. */
    void deviceOnline(UserId user, DeviceId device, Duration ttl);

    /** A user's device, for renewing many at once. */
    record Device(UserId user, DeviceId device) {
    }

    /** {@link #deviceOnline} for many devices (the heartbeat of every device of a node). */
    default void devicesOnline(List<Device> devices, Duration ttl) {
        devices.forEach(d -> deviceOnline(d.user(), d.device(), ttl));
    }

    /** Marks a device gone; returns true when the user has no connected device left anywhere. */
    boolean deviceOffline(UserId user, DeviceId device);

    boolean isOnline(UserId user);

    void setLastSeen(UserId user, Instant at);

    /** What the store knows of a user: online, or else when last seen (null when it does not know). */
    record Known(boolean online, Instant lastSeen) {
    }

    /** {@link #isOnline} and {@link #lastSeen} for many users at once, in the order given. */
    default List<Known> knownOf(List<UserId> users) {
        return users.stream().map(user -> isOnline(user) ? new Known(true, null)
                : new Known(false, lastSeen(user).orElse(null))).toList();
    }

    Optional<Instant> lastSeen(UserId user);

    /**
     * Claims the right to announce that {@code user} is typing in {@code conversation} for
     * {@code window}; false while an earlier claim is live (the rate limit of typing indicators).
     */
    boolean claimTyping(ConversationId conversation, UserId user, Duration window);

    /** True when the store can be reached (for health checks). */
    boolean healthy();

    @Override
    void close();
}
