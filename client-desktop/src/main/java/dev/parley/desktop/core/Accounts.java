package dev.parley.desktop.core;

import dev.parley.desktop.core.session.SavedSession;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Getting to a logged-in {@link ChatService}: check a server address, register, log in, or resume
 * the session remembered in the app's data folder (token file readable by the owner only).
 */
public interface Accounts {
    /** Throws a {@link ClientException} with a human message when the address is not a reachable Parley server. */
    void checkServer(URI server);

    default ChatService register(URI server, String username, String displayName, String password, String deviceName) {
        return register(server, username, displayName, password, deviceName, null);
    }

    /**
     * Creates the account, then logs in. {@code inviteCode}: a registration invite from the server's admin,
     * needed when the server is invite-only; null or blank for none.
     */
    ChatService register(URI server, String username, String displayName, String password, String deviceName,
                         String inviteCode);

    ChatService login(URI server, String username, String password, String deviceName);

    Optional<SavedSession> savedSession();

    /** Opens the saved session without asking the server (works offline). */
    ChatService resume(SavedSession session);

    /** The folder holding the session file and each account's local cache. */
    Path dataDir();
}
