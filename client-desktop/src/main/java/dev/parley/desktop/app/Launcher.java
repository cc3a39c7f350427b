package dev.parley.desktop.app;

import javafx.application.Application;

/**
 * The main class. It must not extend {@link Application}: started from the class path, the JDK's
 * launcher refuses an Application subclass as main class ("JavaFX runtime components are missing").
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        Application.launch(ParleyDesktopApp.class, args);
    }
}
