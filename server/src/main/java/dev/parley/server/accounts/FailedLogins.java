package dev.parley.server.accounts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * When logins failed, per key (an account or a client address), for {@link LoginThrottle}: in this
 * process, or in Redis so that every node of a cluster counts the same failures.
 */
public interface FailedLogins extends AutoCloseable {
    /** Records a failure at {@code at}; failures older than {@code window} may be forgotten. */
    void add(String key, Instant at, Duration window);

    /** The failures after {@code horizon}, oldest first. */
    List<Instant> since(String key, Instant horizon);

    void clear(String key);

    @Override
    default void close() {
    }
}
