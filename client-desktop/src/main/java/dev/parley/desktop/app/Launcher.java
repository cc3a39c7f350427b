package dev.parley.desktop.app;

import dev.parley.protocol.ParleyVersion;
import javafx.application.Application;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The main class. It must not extend {@link Application}: started from the class path, the JDK's
 * launcher refuses an Application subclass as main class ("JavaFX runtime components are missing").
 *
 * <p>{@code --version} prints the version; {@code --self-check} checks this installation without a
 * display (see {@link SelfCheck}) and exits 0 when it works, 1 otherwise. Anything else opens the app.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) {
        String command = args.length == 1 ? args[0] : "";
        switch (command) {
            case "--version" -> System.out.println("Parley Desktop " + ParleyVersion.current());
            case "--self-check" -> System.exit(selfCheck());
            default -> Application.launch(ParleyDesktopApp.class, args);
        }
    }

    private static int selfCheck() {
        SelfCheck.useHeadlessPlatform();
        // Its answer is one line; the hosted server's start-up log (and its "new master key" warning for
        // a folder deleted a second later) would bury it. Failures come back as the exception instead.
        Logger.getLogger("").setLevel(Level.SEVERE);
        try {
            System.out.println(SelfCheck.run());
            return 0;
        } catch (SelfCheck.Failure e) {
            System.err.println("self-check FAILED: " + e.getMessage());
            for (Throwable suppressed : e.getSuppressed()) {
                System.err.println("  and " + suppressed.getMessage());
            }
            return 1;
        }
    }
}
