package dev.parley.desktop.ui.chats;

import dev.parley.desktop.core.model.ChatSummary;
import dev.parley.desktop.ui.common.AvatarImages;
import dev.parley.desktop.ui.common.Fxml;
import dev.parley.desktop.ui.common.TimeFormats;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;

/** The left column: search box, the chats, "copy my invite link". */
public final class ChatListView {
    private final ChatListViewModel viewModel;
    private final Parent root;
    private final Parent newChatDialog;
    private boolean selecting;

    @FXML
    private TextField filterField;
    @FXML
    private ListView<ChatSummary> chatList;
    @FXML
    private Label emptyLabel;
    @FXML
    private Button inviteButton;
    @FXML
    private Label inviteStatus;

    @FXML
    private TextField newChatField;
    @FXML
    private Label newChatError;
    public ChatListView(ChatListViewModel viewModel, TimeFormats formats, AvatarImages pictures) {
        this.viewModel = viewModel;
        this.root = Fxml.load(this, "ChatListView.fxml");
        this.newChatDialog = Fxml.load(new NewChatDialog(), "NewChatDialog.fxml");
        bind(formats, pictures);
    }

    public Parent root() {
        return root;
    }

    /** The "New chat" card, shown by the main view as an overlay. */
    public Parent newChatDialog() {
        return newChatDialog;
    }

    public void focusFilter() {
        filterField.requestFocus();
        filterField.selectAll();
    }

    public void focusNewChat() {
        newChatField.requestFocus();
    }

    private void bind(TimeFormats formats, AvatarImages pictures) {
        filterField.textProperty().bindBidirectional(viewModel.filterProperty());
        // Down/Enter in the search box moves into the list so the keyboard can pick a chat.
        filterField.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DOWN || e.getCode() == KeyCode.ENTER) {
                if (!chatList.getItems().isEmpty()) {
                    if (chatList.getSelectionModel().isEmpty() || e.getCode() == KeyCode.ENTER) {
                        viewModel.selectedProperty().set(chatList.getItems().getFirst().id());
                    }
                    chatList.requestFocus();
                }
                e.consume();
            }
        });
        chatList.setItems(viewModel.visibleChats());
        chatList.setCellFactory(list -> new ChatListCell(formats, viewModel, pictures));
        chatList.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (!selecting && now != null) {
                viewModel.selectedProperty().set(now.id());
            }
        });
        viewModel.selectedProperty().addListener((obs, old, now) -> syncSelection());
        viewModel.visibleChats().addListener((javafx.collections.ListChangeListener<ChatSummary>) c -> syncSelection());

        emptyLabel.visibleProperty().bind(javafx.beans.binding.Bindings.isEmpty(viewModel.visibleChats()));
        emptyLabel.textProperty().bind(viewModel.filterProperty().map(f -> f.isBlank()
                ? "No chats yet.\nStart one with the pencil button (Ctrl+N)."
                : "No chat matches \"" + f.strip() + "\"."));

        inviteButton.setOnAction(e -> viewModel.copyInviteLink(link -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(link);
            Clipboard.getSystemClipboard().setContent(content);
        }));
        inviteStatus.textProperty().bind(viewModel.inviteStatusProperty());
        inviteStatus.visibleProperty().bind(viewModel.inviteStatusProperty().isNotEmpty());
        inviteStatus.managedProperty().bind(inviteStatus.visibleProperty());
    }

    /** Mirrors the ViewModel's selection into the list without echoing it back. */
    private void syncSelection() {
        selecting = true;
        try {
            var id = viewModel.selectedProperty().get();
            int index = -1;
            for (int i = 0; i < chatList.getItems().size(); i++) {
                if (chatList.getItems().get(i).id().equals(id)) {
                    index = i;
                }
            }
            if (index < 0) {
                chatList.getSelectionModel().clearSelection();
            } else if (chatList.getSelectionModel().getSelectedIndex() != index) {
                chatList.getSelectionModel().select(index);
                chatList.scrollTo(Math.max(0, index - 3));
            }
        } finally {
            selecting = false;
        }
    }

    /** Controller of the new-chat card (same ViewModel). */
    private final class NewChatDialog {
        @FXML
        private void initialize() {
            ChatListView.this.newChatField = newChatField;
            newChatField.textProperty().bindBidirectional(viewModel.newChatTargetProperty());
            newChatField.setOnAction(e -> viewModel.startNewChat());
            newChatError.textProperty().bind(viewModel.newChatErrorProperty());
            newChatError.visibleProperty().bind(viewModel.newChatErrorProperty().isNotEmpty());
            newChatError.managedProperty().bind(newChatError.visibleProperty());
            newChatNotice.textProperty().bind(viewModel.newChatNoticeProperty());
            newChatNotice.visibleProperty().bind(viewModel.newChatNoticeProperty().isNotEmpty());
            newChatNotice.managedProperty().bind(newChatNotice.visibleProperty());
            newChatStart.disableProperty().bind(viewModel.newChatBusyProperty()
                    .or(viewModel.newChatTargetProperty().isEmpty()));
            newChatStart.setOnAction(e -> viewModel.startNewChat());
            newChatCancel.setOnAction(e -> viewModel.newChatOpenProperty().set(false));
        }

        @FXML
        private TextField newChatField;
        @FXML
        private Label newChatError;
        @FXML
        private Label newChatNotice;
        @FXML
        private Button newChatStart;
        @FXML
        private Button newChatCancel;
    }
}
