package dev.parley.desktop.app;

import dev.parley.desktop.core.ChatService;
import dev.parley.desktop.core.ParleyAccounts;
import dev.parley.desktop.host.LocalServerHost;
import dev.parley.protocol.ParleyVersion;
import javafx.application.Platform;
import javafx.fxml.FXMLLoader;
import javafx.scene.Node;
import javafx.stage.Stage;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * {@code --self-check}: proves that this installation — its trimmed Java runtime, JavaFX and the server
 * it can host — works, without a display. It builds the first screen the way the app does, loads every
 * other view's FXML, and hosts a server in a temporary folder and creates an account on it through the
 * app's own client. Everything it writes goes to that folder, which it deletes.
 */
final class SelfCheck {
    /** The id of the server address field: the first screen of a fresh install is showing once it exists. */
    static final String FIRST_SCREEN_MARK = "#serverAddress";

    /** Every FXML view of the app; {@code SelfCheckTest} fails when one is added and not listed here. */
    static final List<String> VIEWS = List.of(
            "chat/ChatView.fxml",
            "chats/ChatListView.fxml",
            "chats/NewChatDialog.fxml",
            "devices/DevicesView.fxml",
            "group/GroupInfoView.fxml",
            "group/MessageInfoView.fxml",
            "group/NewGroupView.fxml",
            "main/MainView.fxml",
            "search/SearchView.fxml",
            "settings/SettingsView.fxml",
            "welcome/ServerView.fxml",
            "welcome/SignInView.fxml");

    private static final String VIEWS_ROOT = "/dev/parley/desktop/ui/";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A step that failed, named so the printed reason says where. */
    static final class Failure extends RuntimeException {
        Failure(String step, Throwable cause) {
            super(step + " failed: " + describe(cause), cause);
        }

        /** The chain of causes, wrappers left out: "IllegalStateException: …; caused by NoClassDefFoundError: javax/script/Bindings". */
        private static String describe(Throwable cause) {
            List<String> chain = new ArrayList<>();
            for (Throwable t = cause; t != null; t = t.getCause()) {
                boolean wrapper = t instanceof ExecutionException || t instanceof Failure;
                if (!wrapper || t.getCause() == null) {
                    chain.add(t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage()));
                }
            }
            return String.join("; caused by ", chain);
        }
    }

    private SelfCheck() {
    }

    /**
     * The JavaFX system properties for the built-in headless platform. They are read when the toolkit
     * starts, so this must run before anything touches JavaFX.
     */
    static void useHeadlessPlatform() {
        System.setProperty("glass.platform", "Headless");
        System.setProperty("prism.order", "sw");
    }

    /** Runs every check; returns the one-line summary, or throws a {@link Failure} naming the step. */
    static String run() {
        return run(VIEWS);
    }

    static String run(List<String> views) {
        Path workDir = step("creating a temporary folder", () -> Files.createTempDirectory("parley-self-check-"));
        Failure failed = null;
        String serverVersion = null;
        try {
            step("starting JavaFX", SelfCheck::startToolkit);
            step("loading the first screen", () -> showFirstScreen(workDir.resolve("app")));
            step("loading the views", () -> loadViews(views));
            serverVersion = step("hosting the embedded server", () -> hostServerAndSignUp(workDir));
        } catch (Failure e) {
            failed = e;
        }
        try {
            step("deleting " + workDir, () -> deleteRecursively(workDir));
        } catch (Failure e) {
            if (failed == null) {
                failed = e;
            } else {
                failed.addSuppressed(e);
            }
        }
        if (failed != null) {
            throw failed;
        }
        return "self-check OK: Parley Desktop " + ParleyVersion.current()
                + " (JavaFX " + System.getProperty("javafx.runtime.version")
                + ", Java " + Runtime.version()
                + ", embedded server " + serverVersion + ")"
                + ", first screen and " + views.size() + " views loaded"
                + ", embedded server answered /observe/health and created an account";
    }

    private static Void startToolkit() throws InterruptedException {
        CompletableFuture<Void> started = new CompletableFuture<>();
        try {
            Platform.startup(() -> started.complete(null));
        } catch (IllegalStateException alreadyRunning) {
            started.complete(null);
        }
        await(started);
        // The check closes the app's window before it loads the views: that must not end the toolkit.
        Platform.setImplicitExit(false);
        return null;
    }

    /** The app itself, with its data folder in {@code home}: a fresh install's first screen, theme and window icon. */
    private static Void showFirstScreen(Path home) throws Exception {
        ParleyDesktopApp app = new ParleyDesktopApp(home);
        app.init();
        // The app builds its screens in callbacks on the FX thread; an error there (a class missing from
        // the runtime, say) would otherwise only show as a timeout.
        AtomicReference<Throwable> fxError = new AtomicReference<>();
        Thread.UncaughtExceptionHandler previous = onFx(() -> {
            Thread fxThread = Thread.currentThread();
            Thread.UncaughtExceptionHandler before = fxThread.getUncaughtExceptionHandler();
            fxThread.setUncaughtExceptionHandler((thread, error) -> fxError.compareAndSet(null, error));
            return before;
        });
        Stage stage = onFx(() -> {
            Stage window = new Stage();
            app.start(window);
            return window;
        });
        try {
            waitOnFx("the first screen to show", () -> {
                if (fxError.get() != null) {
                    throw new IllegalStateException("the app failed on the FX thread", fxError.get());
                }
                return stage.getScene().lookup(FIRST_SCREEN_MARK) != null;
            });
            onFx(() -> {
                if (stage.getIcons().isEmpty() || stage.getIcons().getFirst().isError()) {
                    throw new IllegalStateException("the window icon did not load");
                }
                return null;
            });
        } finally {
            onFx(() -> {
                stage.hide();
                app.stop();
                Thread.currentThread().setUncaughtExceptionHandler(previous);
                return null;
            });
        }
        return null;
    }

    private static Void loadViews(List<String> views) throws Exception {
        for (String view : views) {
            URL url = SelfCheck.class.getResource(VIEWS_ROOT + view);
            if (url == null) {
                throw new IllegalStateException("missing " + VIEWS_ROOT + view);
            }
            // Without a controller: this proves every control class and resource each view names is
            // present; the views' wiring is the UI tests' business.
            Node root = onFx(() -> new FXMLLoader(url).load());
            if (root == null) {
                throw new IllegalStateException(view + " loaded as nothing");
            }
        }
        return null;
    }

    /** The server as "Host a server on this computer" runs it, on a free port, and the app's client signing up on it. */
    private static String hostServerAndSignUp(Path workDir) {
        try (LocalServerHost host = LocalServerHost.start(workDir.resolve("server"), 0)) {
            ParleyAccounts accounts = new ParleyAccounts(workDir.resolve("client"));
            accounts.checkServer(host.localAddress());
            try (ChatService ignored = accounts.register(host.localAddress(), "selfcheck", "Self-check",
                    "self-check password", "self-check")) {
                return host.version();
            }
        }
    }

    private static Void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return null;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
        return null;
    }

    private static <T> T onFx(Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return await(result);
    }

    private static void waitOnFx(String what, Callable<Boolean> condition) throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (!onFx(condition)) {
            if (Instant.now().isAfter(deadline)) {
                throw new TimeoutException("timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    private static <T> T await(CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new Failure("FX work", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out after " + TIMEOUT.toSeconds() + " s", e);
        }
    }

    private static <T> T step(String name, Callable<T> work) {
        try {
            return work.call();
        } catch (Failure e) {
            throw new Failure(name, e.getCause());
        } catch (Exception | LinkageError e) {
            throw new Failure(name, e);
        }
    }
}
