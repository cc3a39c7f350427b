package dev.parley.loadtest.setup;

import dev.parley.loadtest.LoadTestException;
import dev.parley.protocol.model.ConversationView;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Starts the direct chats of pairs and creates groups, as their users would. */
public final class Conversations {
    private final RestClient rest;
    private final int threads;

    public Conversations(RestClient rest, int threads) {
        this.rest = rest;
        this.threads = threads;
    }

    /** The direct chat of users {@code 2i} and {@code 2i+1}, for every pair i (found if it already exists). */
    public List<ConversationView> pairUp(List<LoadUser> users) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<ConversationView>> futures = new ArrayList<>();
            for (int i = 0; i + 1 < users.size(); i += 2) {
                LoadUser a = users.get(i);
                LoadUser b = users.get(i + 1);
                futures.add(pool.submit(() -> {
                    RestClient.Response response = rest.post("/api/v1/conversations/direct", a.token(),
                            Map.of("username", b.username()));
                    if (!response.ok()) {
                        throw rest.refused("Starting a direct chat of " + a.username() + " with " + b.username(), response);
                    }
                    return rest.decode(response, ConversationView.class);
                }));
            }
            List<ConversationView> chats = new ArrayList<>();
            for (Future<ConversationView> future : futures) {
                chats.add(future.get());
            }
            return chats;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof LoadTestException lte ? lte
                    : new LoadTestException("Starting direct chats failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadTestException("Interrupted while starting direct chats", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A new group owned by the first user, with all the others as members (one request: at most 500 names). */
    public ConversationView group(List<LoadUser> members) {
        RestClient.Response response = rest.post("/api/v1/conversations/groups", members.getFirst().token(),
                Map.of("name", "Load test " + Instant.now(),
                        "usernames", members.subList(1, members.size()).stream().map(LoadUser::username).toList()));
        if (!response.ok()) {
            throw rest.refused("Creating a group of " + members.size(), response);
        }
        return rest.decode(response, ConversationView.class);
    }
}
