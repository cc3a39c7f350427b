package dev.parley.server.accounts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Counts failed logins per account and per client address in a sliding window. When either count
 * reaches its limit, further attempts are refused until the oldest failure leaves the window, even
 * with the right password, so guessing cannot go faster than the limit. Accounts that do not exist
 * are counted the same way, so the answers never reveal whether a name is taken.
 */
public final class LoginThrottle {
    private static final int SWEEP_ABOVE_KEYS = 100_000;

    private final Clock clock;
    private final Duration window;
    private final int maxPerAccount;
    private final int maxPerAddress;
    private final ConcurrentMap<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock, Duration window, int maxPerAccount, int maxPerAddress) {
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
        record("u:" + username, now);
        record("a:" + address, now);
    }

    public void recordSuccess(String username) {
        failures.remove("u:" + username);
    }

    private void record(String key, Instant now) {
        if (failures.size() > SWEEP_ABOVE_KEYS) {
            sweep(now);
        }
        failures.compute(key, (k, times) -> {
            Deque<Instant> list = times == null ? new ArrayDeque<>() : times;
            prune(list, now);
            list.addLast(now);
            return list;
        });
    }

    /** Forgets keys whose failures have all left the window, so the map cannot grow without bound. */
    private void sweep(Instant now) {
        for (String key : failures.keySet()) {
            failures.computeIfPresent(key, (k, times) -> {
                prune(times, now);
                return times.isEmpty() ? null : times;
            });
        }
    }

    private Duration waitFor(String key, int limit, Instant now) {
        Duration[] wait = {Duration.ZERO};
        failures.computeIfPresent(key, (k, times) -> {
            prune(times, now);
            if (times.size() >= limit) {
                Instant oldestRelevant = times.stream().skip(times.size() - limit).findFirst().orElseThrow();
                wait[0] = Duration.between(now, oldestRelevant.plus(window));
            }
            return times.isEmpty() ? null : times;
        });
        return wait[0];
    }

    private void prune(Deque<Instant> times, Instant now) {
        Instant horizon = now.minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(horizon)) {
            times.removeFirst();
        }
    }

    private static Duration longest(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
