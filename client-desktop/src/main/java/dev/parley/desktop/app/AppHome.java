package dev.parley.desktop.app;

import java.nio.file.Path;
import java.util.Map;

/** The app's data folder: {@code $PARLEY_DESKTOP_HOME}, else {@code ~/.parley-desktop}. */
final class AppHome {
    static final String VARIABLE = "PARLEY_DESKTOP_HOME";

    private AppHome() {
    }

    static Path resolve(Map<String, String> env) {
        String configured = env.get(VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".parley-desktop");
    }
}
