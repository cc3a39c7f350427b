package dev.parley.server.accounts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;

/** Failed logins in this process (one node); keys whose failures all left the window are swept. */
public final class InMemoryFailedLogins implements FailedLogins {
    private static final int SWEEP_ABOVE_KEYS = 100_000;

    private final ConcurrentMap<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    @Override
    public void add(String key, Instant at, Duration window) {
        Instant horizon = at.minus(window);
        if (failures.size() > SWEEP_ABOVE_KEYS) {
            sweep(horizon);
        }
        failures.compute(key, (k, times) -> {
            Deque<Instant> list = times == null ? new ArrayDeque<>() : times;
            prune(list, horizon);
            list.addLast(at);
            return list;
        });
    }

    @Override
    public List<Instant> since(String key, Instant horizon) {
        AtomicReference<List<Instant>> recent = new AtomicReference<>(List.of());
        failures.computeIfPresent(key, (k, times) -> {
            prune(times, horizon);
            recent.set(List.copyOf(times));
            return times.isEmpty() ? null : times;
        });
        return recent.get();
    }

    @Override
    public void clear(String key) {
        failures.remove(key);
    }

    /** Forgets keys whose failures have all left the window, so the map cannot grow without bound. */
    private void sweep(Instant horizon) {
        for (String key : failures.keySet()) {
            failures.computeIfPresent(key, (k, times) -> {
                prune(times, horizon);
                return times.isEmpty() ? null : times;
            });
        }
    }

    private static void prune(Deque<Instant> times, Instant horizon) {
        while (!times.isEmpty() && !times.peekFirst().isAfter(horizon)) {
            times.removeFirst();
        }
    }
}
