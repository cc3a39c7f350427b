package dev.parley.desktop.app;

import dev.parley.desktop.core.Accounts;
import dev.parley.desktop.core.ChatService;
import dev.parley.desktop.core.ParleyAccounts;
import dev.parley.desktop.core.session.SavedSession;
import dev.parley.desktop.ui.common.Tasks;
import dev.parley.desktop.ui.common.TimeFormats;
import dev.parley.desktop.ui.main.MainView;
import dev.parley.desktop.ui.main.MainViewModel;
import dev.parley.desktop.ui.settings.SettingsViewModel;
import dev.parley.desktop.ui.welcome.ServerHosting;
import dev.parley.desktop.ui.welcome.ServerView;
import dev.parley.desktop.ui.welcome.ServerViewModel;
import dev.parley.desktop.ui.welcome.SignInView;
import dev.parley.desktop.ui.welcome.SignInViewModel;
import javafx.application.Application;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The composition root: data folder, accounts, the hosted server, theme, and which screen shows —
 * the welcome steps (server, sign in) or the chats of a logged-in session.
 */
public final class ParleyDesktopApp extends Application {
    private static final System.Logger LOG = System.getLogger(ParleyDesktopApp.class.getName());

    private final Path home;
    private final Accounts accounts;
    private final LocalHosting hosting;
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private final Tasks tasks = Tasks.onFxThread(background);
    private final TimeFormats formats = TimeFormats.system();
    private final SettingsViewModel settings;

    private final StackPane appRoot = new StackPane();
    private ThemeController theme;
    private Stage stage;
    private ChatService service;
    private MainViewModel session;
    private URI lastServer;

    /** The app as launched: data in {@code $PARLEY_DESKTOP_HOME} or {@code ~/.parley-desktop}. */
    public ParleyDesktopApp() {
        this(AppHome.resolve(System.getenv()));
    }

    public ParleyDesktopApp(Path home) {
        this(home, new ParleyAccounts(home));
    }

    /** For tests and embedding: a given data folder and accounts. */
    public ParleyDesktopApp(Path home, Accounts accounts) {
        this.home = home;
        this.accounts = accounts;
        this.hosting = new LocalHosting(home);
        this.settings = new SettingsViewModel(home.resolve("settings.properties"), tasks);
    }

    @Override
    public void init() {
        // Runs on the launcher thread, not the FX thread: fine for reading a small file.
        settings.loadNow();
    }

    @Override
    public void start(Stage primaryStage) {
        this.stage = primaryStage;
        appRoot.getStyleClass().add("app-root");
        Scene scene = new Scene(appRoot, 1100, 720);
        theme = new ThemeController(settings.themeProperty());
        theme.attach(scene);
        stage.setScene(scene);
        stage.titleProperty().unbind();
        stage.setTitle("Parley");
        stage.getIcons().setAll(windowIcons());
        stage.setMinWidth(720);
        stage.setMinHeight(480);
        show(new Label("Starting Parley…"));
        stage.show();

        tasks.run(this::resumeSavedSession, resumed -> {
            if (resumed.isPresent()) {
                showChats(resumed.get());
            } else {
                showServerStep();
            }
        }, message -> {
            LOG.log(System.Logger.Level.WARNING, "Cannot resume the saved session: " + message);
            showServerStep();
        });
    }

    /** Parley's icon in the sizes window managers pick from (drawn by installer/src/tools/MakeIcons.java). */
    private static List<Image> windowIcons() {
        return Stream.of(32, 64, 256, 512)
                .map(size -> new Image(ParleyDesktopApp.class.getResource("parley-" + size + ".png").toExternalForm()))
                .toList();
    }

    private Optional<ChatService> resumeSavedSession() {
        hosting.resumeIfHosted();
        Optional<SavedSession> saved = accounts.savedSession();
        saved.ifPresent(s -> lastServer = s.server());
        return saved.map(accounts::resume);
    }

    private void showServerStep() {
        ServerViewModel viewModel = new ServerViewModel(accounts, hosting, tasks, this::showSignIn);
        if (lastServer != null) {
            viewModel.addressProperty().set(lastServer.toString());
        }
        show(new ServerView(viewModel).root());
    }

    private void showSignIn(URI server) {
        showSignIn(server, "");
    }

    private void showSignIn(URI server, String notice) {
        lastServer = server;
        SignInViewModel viewModel = new SignInViewModel(accounts, tasks, this::showChats);
        viewModel.serverProperty().set(server);
        viewModel.showNotice(notice);
        SignInView view = new SignInView(viewModel, this::showServerStep);
        show(view.root());
        view.focus();
    }

    private void showChats(ChatService chatService) {
        this.service = chatService;
        this.session = new MainViewModel(chatService, tasks, formats, settings, this::signedOut);
        MainView view = new MainView(session, formats, theme.darkProperty());
        show(view.root());
        session.start();
    }

    /** The session ended (logged out here, or revoked from another device): back to signing in. */
    private void signedOut(String why) {
        ChatService ended = service;
        service = null;
        session = null;
        stage.titleProperty().unbind();
        stage.setTitle("Parley");
        if (ended != null) {
            tasks.fireAndForget(ended::close);
        }
        if (lastServer != null) {
            showSignIn(lastServer, why);
        } else {
            showServerStep();
        }
    }

    private void show(Node screen) {
        appRoot.getChildren().setAll(screen);
    }

    @Override
    public void stop() {
        if (stage != null) {
            stage.titleProperty().unbind();
        }
        if (session != null) {
            session.stop();
        }
        ChatService open = service;
        // Closing the core and the hosted server can take a moment; do it off the FX thread and wait
        // briefly so drafts and the outbox are on disk before the JVM ends.
        background.execute(() -> {
            if (open != null) {
                open.close();
            }
            hosting.close();
        });
        background.shutdown();
        try {
            if (!background.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "Background work still running at exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
