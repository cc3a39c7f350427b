package dev.parley.desktop.ui.welcome;

import java.net.URI;
import java.util.List;

/** "Host a server on this computer", as the welcome screen needs it (the app runs the real server). */
public interface ServerHosting {
    /** Starts the server on this computer, or returns the one already running. Blocks. */
    Hosted start();

    record Hosted(URI localAddress, List<URI> shareableAddresses) {
        public Hosted {
            shareableAddresses = List.copyOf(shareableAddresses);
        }
    }
}
