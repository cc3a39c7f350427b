package dev.parley.loadtest.setup;

import dev.parley.loadtest.LoadTestException;
import dev.parley.loadtest.run.ProgressLine;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.rest.LoginResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes sure accounts {@code <prefix>0 .. <prefix>N-1} exist with a working session: a cached token
 * is checked with {@code GET /api/v1/me}; otherwise the account is registered (or found taken) and
 * logged in. Registration and login are slow on purpose (Argon2id), so they run on a bounded pool.
 */
public final class Accounts {
    private final RestClient rest;
    private final UsersFile file;
    private final int threads;
    private final ProgressLine progress;

    public Accounts(RestClient rest, UsersFile file, int threads, ProgressLine progress) {
        this.rest = rest;
        this.file = file;
        this.threads = threads;
        this.progress = progress;
    }

    public List<LoadUser> ensure(String prefix, int count) {
        UsersFile.Content content = file.load();
        Map<String, UsersFile.Entry> cache = new ConcurrentHashMap<>(content.users());
        AtomicInteger done = new AtomicInteger();
        AtomicInteger fresh = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (ProgressLine.Ticker ignored = progress.every(() -> "setup: " + done.get() + "/" + count
                + " users ready (" + fresh.get() + " logged in afresh)")) {
            List<Future<LoadUser>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String username = prefix + i;
                futures.add(pool.submit(() -> {
                    LoadUser user = ready(username, content.password(), cache.get(username), fresh);
                    cache.put(username, new UsersFile.Entry(user.userId().toString(), user.token()));
                    done.incrementAndGet();
                    return user;
                }));
            }
            List<LoadUser> users = new ArrayList<>(count);
            for (Future<LoadUser> future : futures) {
                users.add(future.get());
            }
            return users;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof LoadTestException lte ? lte
                    : new LoadTestException("Setting up users failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadTestException("Interrupted while setting up users", e);
        } finally {
            pool.shutdownNow();
            if (fresh.get() > 0) {
                file.save(new UsersFile.Content(content.password(), cache));
            }
        }
    }

    private LoadUser ready(String username, String password, UsersFile.Entry cached, AtomicInteger fresh) {
        if (cached != null) {
            RestClient.Response me = rest.get("/api/v1/me", cached.token());
            if (me.ok()) {
                return new LoadUser(username, UserId.parse(cached.userId()), cached.token());
            }
            if (me.status() != 401) {
                throw rest.refused("GET /api/v1/me as " + username, me);
            }
        }
        // Registering first means a fresh server never sees a failed login (failures count towards the throttle).
        RestClient.Response registered = rest.post("/api/v1/accounts", null, Map.of("username", username,
                "displayName", "Load " + username, "password", password));
        if (!registered.ok() && !(registered.status() == 409 && "username_taken".equals(rest.errorCode(registered)))) {
            throw rest.refused("Registering " + username, registered);
        }
        RestClient.Response login = rest.post("/api/v1/sessions", null, Map.of("username", username,
                "password", password, "deviceName", "loadtest"));
        if (!login.ok()) {
            if (login.status() == 401) {
                throw new LoadTestException("Logging in " + username + " failed (401 " + rest.errorCode(login)
                        + "): the account exists with another password; use another --users-file or server data dir");
            }
            throw rest.refused("Logging in " + username, login);
        }
        fresh.incrementAndGet();
        LoginResponse session = rest.decode(login, LoginResponse.class);
        return new LoadUser(username, session.user().id(), session.token());
    }
}
