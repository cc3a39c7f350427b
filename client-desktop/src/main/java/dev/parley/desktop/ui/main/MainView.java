package dev.parley.desktop.ui.main;

import dev.parley.desktop.core.model.ConnectionState;
import dev.parley.desktop.ui.chat.ChatView;
import dev.parley.desktop.ui.chats.ChatListView;
import dev.parley.desktop.ui.common.AvatarImages;
import dev.parley.desktop.ui.common.Fxml;
import dev.parley.desktop.ui.common.Texts;
import dev.parley.desktop.ui.common.TimeFormats;
import dev.parley.desktop.ui.devices.DevicesView;
import dev.parley.desktop.ui.group.GroupInfoView;
import dev.parley.desktop.ui.group.MessageInfoView;
import dev.parley.desktop.ui.group.NewGroupView;
import dev.parley.desktop.ui.search.SearchView;
import dev.parley.desktop.ui.settings.SettingsView;
import javafx.application.Platform;
import javafx.beans.value.ObservableBooleanValue;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** The logged-in window: sidebar with the chats, the open chat, the connection banner and the cards. */
public final class MainView {
    private final MainViewModel viewModel;
    private final Parent root;
    private final ChatListView chatListView;
    private final ChatView chatView;
    private final SearchView searchView;
    private final DevicesView devicesView;
    private final SettingsView settingsView;
    private final NewGroupView newGroupView;
    private final GroupInfoView groupInfoView;
    private final MessageInfoView messageInfoView;

    @FXML
    private Label banner;
    @FXML
    private HBox noticeBar;
    @FXML
    private Label noticeLabel;
    @FXML
    private Button noticeClose;
    @FXML
    private Label myAvatar;
    @FXML
    private Label myName;
    @FXML
    private Button newChatButton;
    @FXML
    private Button newGroupButton;
    @FXML
    private Button searchButton;
    @FXML
    private Button devicesButton;
    @FXML
    private Button themeButton;
    @FXML
    private Button settingsButton;
    @FXML
    private VBox sidebar;
    @FXML
    private StackPane chatHolder;
    @FXML
    private Label placeholder;
    @FXML
    private StackPane overlay;

    public MainView(MainViewModel viewModel, TimeFormats formats, ObservableBooleanValue dark) {
        this.viewModel = viewModel;
        this.root = Fxml.load(this, "MainView.fxml");
        AvatarImages pictures = new AvatarImages(viewModel::loadPicture);
        this.chatListView = new ChatListView(viewModel.chatList(), formats, pictures);
        this.chatView = new ChatView(viewModel.chat(), pictures, viewModel.chatList()::setMuted,
                () -> viewModel.openPane(Pane.GROUP_INFO), viewModel::openMessageInfo);
        this.newGroupView = new NewGroupView(viewModel.newGroup(), pictures, viewModel::closePane);
        this.groupInfoView = new GroupInfoView(viewModel.groupInfo(), formats, pictures, viewModel::closePane);
        this.messageInfoView = new MessageInfoView(viewModel.messageInfo(), viewModel::closePane);
        this.searchView = new SearchView(viewModel.search(), formats, viewModel::closePane);
        this.devicesView = new DevicesView(viewModel.devices(), formats, viewModel::closePane);
        this.settingsView = new SettingsView(viewModel.settings(), viewModel.accountDescription(),
                viewModel::logOut, viewModel::closePane);
        bind(dark);
    }

    public Parent root() {
        return root;
    }

    private void bind(ObservableBooleanValue dark) {
        sidebar.getChildren().add(chatListView.root());
        javafx.scene.layout.VBox.setVgrow(chatListView.root(), javafx.scene.layout.Priority.ALWAYS);
        chatHolder.getChildren().addFirst(chatView.root());
        chatView.root().visibleProperty().bind(viewModel.chat().chatProperty().isNotNull());
        placeholder.visibleProperty().bind(viewModel.chat().chatProperty().isNull());

        banner.visibleProperty().bind(viewModel.connectionProperty().isNotEqualTo(ConnectionState.ONLINE));
        banner.managedProperty().bind(banner.visibleProperty());
        banner.textProperty().bind(viewModel.connectionProperty().map(state -> switch (state) {
            case ONLINE -> "";
            case CONNECTING -> "Connecting… Messages you send now go out once Parley is back online.";
            case SIGNED_OUT -> "This device was logged out.";
            case CLOSED -> "Disconnected.";
        }));
        noticeBar.visibleProperty().bind(viewModel.noticeProperty().isNotEmpty());
        noticeBar.managedProperty().bind(noticeBar.visibleProperty());
        noticeLabel.textProperty().bind(viewModel.noticeProperty());
        noticeClose.setOnAction(e -> viewModel.dismissNotice());

        String name = viewModel.myName();
        myName.setText(name);
        myAvatar.setText(Texts.initials(name));

        newChatButton.setOnAction(e -> openPane(Pane.NEW_CHAT));
        newGroupButton.setOnAction(e -> openPane(Pane.NEW_GROUP));
        searchButton.setOnAction(e -> openPane(Pane.SEARCH));
        devicesButton.setOnAction(e -> openPane(Pane.DEVICES));
        settingsButton.setOnAction(e -> openPane(Pane.SETTINGS));
        themeButton.setOnAction(e -> viewModel.settings().toggleTheme(dark.get()));
        themeButton.graphicProperty().bind(javafx.beans.binding.Bindings.createObjectBinding(
                () -> new FontIcon(dark.get() ? Feather.SUN : Feather.MOON), dark));

        viewModel.paneProperty().addListener((obs, old, now) -> showPane(now));
        showPane(viewModel.paneProperty().get());
        overlay.setOnMouseClicked(e -> {
            if (e.getTarget() == overlay) {
                viewModel.closePane();
            }
        });

        root.addEventFilter(KeyEvent.KEY_PRESSED, this::shortcut);
        viewModel.setNotifier(this::notify);
        viewModel.chat().chatProperty().addListener((obs, old, now) -> {
            if (now != null) {
                Platform.runLater(chatView::focusCompose);
            }
        });
        root.sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                scene.windowProperty().addListener((o, w, window) -> trackWindow());
                trackWindow();
            }
        });
    }

    private void trackWindow() {
        if (root.getScene() != null && root.getScene().getWindow() instanceof Stage stage) {
            viewModel.windowFocusedProperty().unbind();
            viewModel.windowFocusedProperty().bind(stage.focusedProperty());
            stage.titleProperty().unbind();
            stage.titleProperty().bind(viewModel.windowTitleProperty());
        }
    }

    private void openPane(Pane which) {
        viewModel.openPane(which);
    }

    private void showPane(Pane which) {
        Node card = switch (which) {
            case NONE -> null;
            case NEW_CHAT -> chatListView.newChatDialog();
            case NEW_GROUP -> newGroupView.root();
            case GROUP_INFO -> groupInfoView.root();
            case MESSAGE_INFO -> messageInfoView.root();
            case SEARCH -> searchView.root();
            case DEVICES -> devicesView.root();
            case SETTINGS -> settingsView.root();
        };
        if (card == null) {
            overlay.getChildren().clear();
            overlay.setVisible(false);
            return;
        }
        overlay.getChildren().setAll(card);
        overlay.setVisible(true);
        Platform.runLater(() -> {
            switch (which) {
                case NEW_CHAT -> chatListView.focusNewChat();
                case NEW_GROUP -> newGroupView.focus();
                case SEARCH -> searchView.focus();
                default -> card.requestFocus();
            }
        });
    }

    /** Keyboard first: Ctrl+N, Ctrl+G (new group), Ctrl+I (group info), Ctrl+K/Ctrl+F, Ctrl+Shift+F, Alt+Up/Down, Esc. */
    private void shortcut(KeyEvent e) {
        boolean ctrl = e.isShortcutDown();
        KeyCode code = e.getCode();
        if (code == KeyCode.ESCAPE) {
            if (viewModel.escape()) {
                e.consume();
            }
        } else if (ctrl && code == KeyCode.N) {
            openPane(Pane.NEW_CHAT);
            e.consume();
        } else if (ctrl && code == KeyCode.G) {
            openPane(Pane.NEW_GROUP);
            e.consume();
        } else if (ctrl && code == KeyCode.I) {
            openPane(Pane.GROUP_INFO);
            e.consume();
        } else if (ctrl && e.isShiftDown() && code == KeyCode.F) {
            openPane(Pane.SEARCH);
            e.consume();
        } else if (ctrl && (code == KeyCode.K || code == KeyCode.F)) {
            viewModel.closePane();
            chatListView.focusFilter();
            e.consume();
        } else if (e.isAltDown() && code == KeyCode.DOWN) {
            viewModel.chatList().selectNext();
            e.consume();
        } else if (e.isAltDown() && code == KeyCode.UP) {
            viewModel.chatList().selectPrevious();
            e.consume();
        }
    }

    private void notify(DesktopNotification notification) {
        Notifications.create()
                .owner(root.getScene() == null ? null : root.getScene().getWindow())
                .title(notification.title())
                .text(notification.text())
                .hideAfter(Duration.seconds(6))
                .onAction(e -> {
                    if (root.getScene() != null && root.getScene().getWindow() instanceof Stage stage) {
                        stage.setIconified(false);
                        stage.toFront();
                    }
                    viewModel.openChat(notification.chat());
                })
                .show();
    }
}
