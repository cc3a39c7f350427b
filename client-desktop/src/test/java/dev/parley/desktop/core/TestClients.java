package dev.parley.desktop.core;

import dev.parley.desktop.core.model.ConnectionState;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static dev.parley.desktop.core.Eventually.await;

/**
 * Client cores of a test, each with its own data folder under {@code home} (as the app keeps one per
 * account), signed up against a test server; closed together at the end.
 */
final class TestClients implements AutoCloseable {
    static final String PASSWORD = "correct horse battery";

    private final Path home;
    private final Supplier<URI> server;
    private final List<ChatService> open = new CopyOnWriteArrayList<>();

    TestClients(Path home, Supplier<URI> server) {
        this.home = home;
        this.server = server;
    }

    /** A new account named {@code name} (its username made unique), signed in and online. */
    ChatService register(String name) {
        String username = name.toLowerCase() + "_" + UUID.randomUUID().toString().substring(0, 6);
        ChatService client = new ParleyAccounts(dataDir(username))
                .register(server.get(), username, name, PASSWORD, name + "'s laptop");
        open.add(client);
        await(name + " online", () -> client.connectionState() == ConnectionState.ONLINE);
        return client;
    }

    /** Closes a client and starts it again from its data folder, as the app does on the next launch. */
    ChatService resume(ChatService client) {
        Path dir = dataDir(client.me().username());
        client.close();
        ParleyAccounts accounts = new ParleyAccounts(dir);
        return adopt(accounts.resume(accounts.savedSession().orElseThrow()));
    }

    /** A client made some other way, to be closed with the rest. */
    ChatService adopt(ChatService client) {
        open.add(client);
        return client;
    }

    Path dataDir(String username) {
        return home.resolve("app-" + username);
    }

    @Override
    public void close() {
        open.forEach(ChatService::close);
    }
}
