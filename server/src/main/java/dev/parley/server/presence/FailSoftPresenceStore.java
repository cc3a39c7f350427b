package dev.parley.server.presence;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.ids.UserId;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Presence that never fails a request: when the store (Redis) cannot be reached, every call answers
 * "not known" — nobody shown online, last seen from the database, typing not rate-limited — and
 * messaging goes on. Logs when the store goes away and when it is back; counts failed calls in the
 * metric {@code parley.presence.failures}.
 */
public final class FailSoftPresenceStore implements PresenceStore {
    private static final Logger LOG = Logger.getLogger(FailSoftPresenceStore.class.getName());

    private final PresenceStore store;
    private final AtomicBoolean reachable = new AtomicBoolean(true);
    private final Counter failures = Metrics.getOrCreate(Counter.builder("parley.presence.failures")
            .description("Presence, last seen and typing calls that failed because Redis could not be reached"));

    public FailSoftPresenceStore(PresenceStore store) {
        this.store = store;
    }

    @Override
    public void deviceOnline(UserId user, DeviceId device, Duration ttl) {
        attempt(() -> {
            store.deviceOnline(user, device, ttl);
            return null;
        }, null);
    }

    @Override
    public void devicesOnline(List<Device> devices, Duration ttl) {
        attempt(() -> {
            store.devicesOnline(devices, ttl);
            return null;
        }, null);
    }

    /** Unknown counts as "devices left": a user is not announced offline on a guess. */
    @Override
    public boolean deviceOffline(UserId user, DeviceId device) {
        return attempt(() -> store.deviceOffline(user, device), false);
    }

    @Override
    public boolean isOnline(UserId user) {
        return attempt(() -> store.isOnline(user), false);
    }

    @Override
    public void setLastSeen(UserId user, Instant at) {
        attempt(() -> {
            store.setLastSeen(user, at);
            return null;
        }, null);
    }

    @Override
    public List<Known> knownOf(List<UserId> users) {
        return attempt(() -> store.knownOf(users), users.stream().map(u -> new Known(false, null)).toList());
    }

    @Override
    public Optional<Instant> lastSeen(UserId user) {
        return attempt(() -> store.lastSeen(user), Optional.empty());
    }

    @Override
    public boolean claimTyping(ConversationId conversation, UserId user, Duration window) {
        return attempt(() -> store.claimTyping(conversation, user, window), true);
    }

    @Override
    public boolean healthy() {
        return store.healthy();
    }

    @Override
    public void close() {
        store.close();
    }

    private <T> T attempt(Supplier<T> call, T unknown) {
        try {
            T result = call.get();
            if (reachable.compareAndSet(false, true)) {
                LOG.info("Presence store reachable again: presence, last seen and typing work as before");
            }
            return result;
        } catch (RuntimeException e) {
            failures.increment();
            if (reachable.compareAndSet(true, false)) {
                LOG.log(Level.WARNING, "Presence store unreachable (" + e.getMessage() + "): people show as "
                        + "offline with last seen from the database until it is back; messaging is not affected");
            }
            return unknown;
        }
    }
}
