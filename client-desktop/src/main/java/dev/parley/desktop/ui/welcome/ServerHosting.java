package dev.parley.desktop.ui.welcome;

import java.net.URI;
import java.util.List;

/** "Host a server on this computer", as the welcome screen needs it (the app runs the real server). */
public interface ServerHosting {
    /** Starts the server on this computer, or returns the one already running. Blocks. */
    Hosted start();

    /** Where the hosted server answers, and the Parley version it runs (the app's own: it is the same build). */
    record Hosted(URI localAddress, List<URI> shareableAddresses, String version) {
        public Hosted {
            shareableAddresses = List.copyOf(shareableAddresses);
            if (version == null || version.isBlank()) {
                throw new IllegalArgumentException("a hosted server has a version");
            }
        }
    }
}
