package dev.parley.desktop.ui.chat;

import dev.parley.desktop.core.model.ChatMessage;
import dev.parley.desktop.ui.common.AvatarImages;
import dev.parley.desktop.ui.common.Fxml;
import dev.parley.desktop.ui.common.RoundAvatar;
import javafx.application.Platform;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextArea;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;

import java.util.function.Consumer;

/** The open chat: header, bubbles, the ↓ button, the compose box. */
public final class ChatView {
    private final ChatViewModel viewModel;
    private final Parent root;
    private VirtualFlow<?> flow;
    private boolean checkQueued;

    @FXML
    private javafx.scene.layout.StackPane avatarHolder;
    private final RoundAvatar avatar;
    @FXML
    private Label titleLabel;
    @FXML
    private Label statusLabel;
    @FXML
    private HBox header;
    @FXML
    private Button infoButton;
    @FXML
    private Button muteButton;
    @FXML
    private Label notMemberLabel;
    @FXML
    private HBox composeRow;
    @FXML
    private ListView<ChatRow> messageList;
    @FXML
    private Button jumpButton;
    @FXML
    private Label jumpCount;
    @FXML
    private HBox errorBar;
    @FXML
    private Label errorLabel;
    @FXML
    private Button errorClose;
    @FXML
    private TextArea composeArea;
    @FXML
    private Label counterLabel;
    @FXML
    private Label limitLabel;
    @FXML
    private Button sendButton;

    /**
     * {@code onGroupInfo} opens the open group's info pane (header click, the ⓘ button);
     * {@code onMessageInfo} a message's receipts (its context menu).
     */
    public ChatView(ChatViewModel viewModel, AvatarImages pictures, MuteAction muteAction, Runnable onGroupInfo,
                    Consumer<ChatMessage> onMessageInfo) {
        this.viewModel = viewModel;
        this.root = Fxml.load(this, "ChatView.fxml");
        this.avatar = new RoundAvatar(pictures, 36);
        bind(muteAction);
        bindGroup(onGroupInfo, onMessageInfo);
    }

    /** What the mute toggle does (the chat list owns muting). */
    @FunctionalInterface
    public interface MuteAction {
        void setMuted(dev.parley.protocol.ids.ConversationId chat, boolean muted);
    }

    public Parent root() {
        return root;
    }

    public void focusCompose() {
        composeArea.requestFocus();
        composeArea.end();
    }

    private void bind(MuteAction muteAction) {
        titleLabel.textProperty().bind(viewModel.titleProperty());
        avatar.picture().setId("chatAvatarImage");
        avatarHolder.getChildren().setAll(avatar.node());
        javafx.beans.InvalidationListener showAvatar = obs -> {
            avatar.show(viewModel.titleProperty().get(), viewModel.chatProperty().get(),
                    viewModel.avatarTagProperty().get());
            avatar.node().pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("group"),
                    viewModel.groupProperty().get());
        };
        viewModel.titleProperty().addListener(showAvatar);
        viewModel.chatProperty().addListener(showAvatar);
        viewModel.avatarTagProperty().addListener(showAvatar);
        viewModel.groupProperty().addListener(showAvatar);
        showAvatar.invalidated(null);
        statusLabel.textProperty().bind(viewModel.statusProperty());
        statusLabel.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("live"), false);
        viewModel.statusProperty().addListener((obs, old, now) -> statusLabel.pseudoClassStateChanged(
                javafx.css.PseudoClass.getPseudoClass("live"), "online".equals(now) || now.endsWith("typing…")));
        // The bell shows what a click does: a crossed-out bell mutes, a bell unmutes.
        muteButton.graphicProperty().bind(viewModel.mutedProperty().map(muted ->
                new org.kordamp.ikonli.javafx.FontIcon(muted ? org.kordamp.ikonli.feather.Feather.BELL
                        : org.kordamp.ikonli.feather.Feather.BELL_OFF)));
        muteButton.tooltipProperty().bind(viewModel.mutedProperty().map(muted ->
                new javafx.scene.control.Tooltip(muted ? "Unmute notifications" : "Mute notifications")));
        muteButton.setOnAction(e -> viewModel.openChat()
                .ifPresent(id -> muteAction.setMuted(id, !viewModel.mutedProperty().get())));

        messageList.setItems(viewModel.rows());
        messageList.setCellFactory(list -> new MessageCell(messageList.widthProperty(),
                viewModel.highlightedSeqProperty(), message -> viewModel.retry(message.clientMessageId()),
                message -> onMessageInfo.accept(message)));
        messageList.setFocusTraversable(false);
        messageList.skinProperty().addListener((obs, old, skin) -> hookFlow());
        viewModel.setScroller(this::scroll);

        jumpButton.visibleProperty().bind(viewModel.atBottomProperty().not());
        jumpButton.setOnAction(e -> scrollToBottom());
        jumpCount.textProperty().bind(viewModel.newBelowProperty().asString());
        jumpCount.visibleProperty().bind(viewModel.newBelowProperty().greaterThan(0));

        errorBar.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        errorBar.managedProperty().bind(errorBar.visibleProperty());
        errorLabel.textProperty().bind(viewModel.errorProperty());
        errorClose.setOnAction(e -> viewModel.dismissError());

        composeArea.textProperty().bindBidirectional(viewModel.composeProperty());
        composeArea.addEventFilter(KeyEvent.KEY_PRESSED, this::composeKey);
        counterLabel.textProperty().bind(viewModel.counterProperty());
        counterLabel.visibleProperty().bind(viewModel.counterProperty().isNotEmpty());
        counterLabel.managedProperty().bind(counterLabel.visibleProperty());
        counterLabel.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("over"), false);
        viewModel.limitMessageProperty().addListener((obs, old, now) -> counterLabel.pseudoClassStateChanged(
                javafx.css.PseudoClass.getPseudoClass("over"), !now.isEmpty()));
        limitLabel.textProperty().bind(viewModel.limitMessageProperty());
        limitLabel.visibleProperty().bind(viewModel.limitMessageProperty().isNotEmpty());
        limitLabel.managedProperty().bind(limitLabel.visibleProperty());
        sendButton.disableProperty().bind(viewModel.canSendProperty().not());
        sendButton.setOnAction(e -> {
            viewModel.send();
            composeArea.requestFocus();
        });
        viewModel.chatProperty().addListener((obs, old, now) -> composeArea.setDisable(now == null));
    }

    private Consumer<ChatMessage> onMessageInfo = message -> { };

    private void bindGroup(Runnable onGroupInfo, Consumer<ChatMessage> showMessageInfo) {
        this.onMessageInfo = showMessageInfo;
        infoButton.visibleProperty().bind(viewModel.groupProperty());
        infoButton.managedProperty().bind(infoButton.visibleProperty());
        infoButton.setTooltip(new javafx.scene.control.Tooltip("Group info (Ctrl+I)"));
        infoButton.setOnAction(e -> onGroupInfo.run());
        header.setOnMouseClicked(e -> {
            if (viewModel.groupProperty().get() && !onAButton(e.getTarget())) {
                onGroupInfo.run();
            }
        });
        header.cursorProperty().bind(viewModel.groupProperty().map(g -> g ? javafx.scene.Cursor.HAND : null));
        // Former members read the history; the composer gives way to a line saying why.
        notMemberLabel.visibleProperty().bind(viewModel.memberProperty().not());
        notMemberLabel.managedProperty().bind(notMemberLabel.visibleProperty());
        composeRow.visibleProperty().bind(viewModel.memberProperty());
        composeRow.managedProperty().bind(composeRow.visibleProperty());
    }

    private boolean onAButton(Object target) {
        for (Object node = target; node instanceof javafx.scene.Node n && n != header; node = n.getParent()) {
            if (n instanceof Button) {
                return true;
            }
        }
        return false;
    }

    /** Enter sends; Shift+Enter is a new line. */
    private void composeKey(KeyEvent event) {
        if (event.getCode() != KeyCode.ENTER) {
            return;
        }
        event.consume();
        if (event.isShiftDown()) {
            composeArea.replaceSelection("\n");
        } else if (!event.isControlDown() && !event.isAltDown()) {
            viewModel.send();
        }
    }

    private void hookFlow() {
        Platform.runLater(() -> {
            if (messageList.lookup(".virtual-flow") instanceof VirtualFlow<?> found && found != flow) {
                flow = found;
                // Where the user is in the history: at the bottom (follow new messages) or at the top (load older).
                flow.positionProperty().addListener((obs, old, now) -> positionChanged());
                messageList.heightProperty().addListener((obs, old, now) -> positionChanged());
            }
        });
    }

    private void positionChanged() {
        if (flow == null || viewModel.rows().isEmpty()) {
            viewModel.atBottomProperty().set(true);
            return;
        }
        // The position is current when this fires; the cells are laid out only on the next pulse.
        if (flow.getPosition() <= 0.0001 && viewModel.rows().size() > 1) {
            viewModel.loadOlder();
        }
        if (!checkQueued) {
            checkQueued = true;
            Platform.runLater(this::checkBottom);
        }
    }

    private void checkBottom() {
        checkQueued = false;
        if (flow == null || viewModel.rows().isEmpty()) {
            viewModel.atBottomProperty().set(true);
            return;
        }
        IndexedCell<?> last = flow.getLastVisibleCell();
        boolean bottom = last != null && last.getIndex() >= viewModel.rows().size() - 1
                && last.getLayoutY() + last.getHeight() <= flow.getHeight() + 2;
        viewModel.atBottomProperty().set(bottom || flow.getPosition() >= 0.999);
    }

    private void scroll(ScrollCommand command) {
        switch (command) {
            case ScrollCommand.ToBottom ignored -> scrollToBottom();
            case ScrollCommand.ToRow toRow -> Platform.runLater(() -> {
                messageList.scrollTo(Math.max(0, toRow.index()));
                Platform.runLater(this::positionChanged);
            });
            // Older rows load when the user is at the very top, so the message they looked at was the
            // first: after the prepend it is at index "added". Scroll once the new rows are laid out.
            case ScrollCommand.KeepAfterPrepend prepend -> Platform.runLater(() -> messageList.scrollTo(prepend.added()));
        }
    }

    private void scrollToBottom() {
        if (viewModel.rows().isEmpty()) {
            return;
        }
        messageList.scrollTo(viewModel.rows().size() - 1);
        // The last row's height is known only after layout; scroll again once it is.
        Platform.runLater(() -> {
            if (!viewModel.rows().isEmpty()) {
                messageList.scrollTo(viewModel.rows().size() - 1);
                if (flow != null) {
                    flow.setPosition(1.0);
                }
                viewModel.atBottomProperty().set(true);
            }
        });
    }
}
