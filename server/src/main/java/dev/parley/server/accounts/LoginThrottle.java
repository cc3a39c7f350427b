package dev.parley.server.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Counts failed logins per account and per client address in a sliding window. When either count
 * reaches its limit, further attempts are refused until the oldest failure leaves the window, even
 * with the right password, so guessing cannot go faster than the limit. Accounts that do not exist
 * are counted the same way, so the answers never reveal whether a name is taken. With several nodes
 * the failures are kept in Redis ({@link RedisFailedLogins}), so the limits hold for the whole cluster.
 */
public final class LoginThrottle {
    private final FailedLogins failures;
    private final Clock clock;
    private final Duration window;
    private final int maxPerAccount;
    private final int maxPerAddress;

    public LoginThrottle(FailedLogins failures, Clock clock, Duration window, int maxPerAccount, int maxPerAddress) {
        this.failures = failures;
        this.clock = clock;
        this.window = window;
        this.maxPerAccount = maxPerAccount;
        this.maxPerAddress = maxPerAddress;
    }

    /** How long the caller must wait, if either the account or the address is over its limit. */
    public Optional<Duration> retryAfter(String username, String address) {
        Instant now = clock.instant();
        Duration wait = longest(waitFor("u:" + username, maxPerAccount, now), waitFor("a:" + address, maxPerAddress, now));
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    public void recordFailure(String username, String address) {
        Instant now = clock.instant();
        failures.add("u:" + username, now, window);
        failures.add("a:" + address, now, window);
    }

    public void recordSuccess(String username) {
        failures.clear("u:" + username);
    }

    private Duration waitFor(String key, int limit, Instant now) {
        List<Instant> recent = failures.since(key, now.minus(window));
        if (recent.size() < limit) {
            return Duration.ZERO;
        }
        Instant oldestRelevant = recent.get(recent.size() - limit);
        Duration wait = Duration.between(now, oldestRelevant.plus(window));
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    private static Duration longest(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
