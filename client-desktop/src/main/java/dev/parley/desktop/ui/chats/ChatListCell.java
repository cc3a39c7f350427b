package dev.parley.desktop.ui.chats;

import dev.parley.desktop.core.model.ChatSummary;
import dev.parley.desktop.ui.common.AvatarImages;
import dev.parley.desktop.ui.common.RoundAvatar;
import dev.parley.desktop.ui.common.Texts;
import dev.parley.desktop.ui.common.TimeFormats;
import javafx.geometry.Pos;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuItem;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * One chat: avatar (a group's picture, or initials) with online dot, name with "last seen …" when offline, time, preview or "typing…",
 * unread badge, muted bell.
 */
final class ChatListCell extends ListCell<ChatSummary> {
    private final TimeFormats formats;
    private final ChatListViewModel viewModel;

    private final RoundAvatar avatar;
    private final Circle onlineDot = new Circle(6);
    private final Label title = new Label();
    private final Label lastSeen = new Label();
    private final Label time = new Label();
    private final Label preview = new Label();
    private final Label badge = new Label();
    private final FontIcon mutedIcon = new FontIcon(Feather.BELL_OFF);
    private final HBox content;
    private final MenuItem muteItem = new MenuItem();
    private final javafx.scene.control.Tooltip presence = new javafx.scene.control.Tooltip();

    ChatListCell(TimeFormats formats, ChatListViewModel viewModel, AvatarImages pictures) {
        this.formats = formats;
        this.viewModel = viewModel;
        this.avatar = new RoundAvatar(pictures, 44);
        getStyleClass().add("chat-cell");

        onlineDot.getStyleClass().add("online-dot");
        StackPane.setAlignment(onlineDot, Pos.BOTTOM_RIGHT);
        StackPane avatarWithDot = new StackPane(avatar.node(), onlineDot);
        avatarWithDot.getStyleClass().add("avatar-box");

        title.getStyleClass().add("chat-title");
        time.getStyleClass().add("chat-time");
        lastSeen.getStyleClass().add("chat-last-seen");
        preview.getStyleClass().add("chat-preview");
        badge.getStyleClass().add("unread-badge");
        mutedIcon.getStyleClass().add("muted-icon");
        // The preview and title give way (ellipsis); the badge and time never do.
        badge.setMinWidth(Region.USE_PREF_SIZE);
        time.setMinWidth(Region.USE_PREF_SIZE);
        title.setMinWidth(0);
        lastSeen.setMinWidth(0);
        preview.setMinWidth(0);
        // The name keeps its width; "last seen …" follows it and takes (or gives up) the rest.
        HBox.setHgrow(lastSeen, Priority.ALWAYS);
        lastSeen.setMaxWidth(Double.MAX_VALUE);
        HBox top = new HBox(6, title, lastSeen, mutedIcon, time);
        top.setAlignment(Pos.CENTER_LEFT);
        preview.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(preview, Priority.ALWAYS);
        HBox bottom = new HBox(6, preview, badge);
        bottom.setAlignment(Pos.CENTER_LEFT);
        VBox text = new VBox(2, top, bottom);
        HBox.setHgrow(text, Priority.ALWAYS);
        text.setMinWidth(0);
        content = new HBox(10, avatarWithDot, text);
        content.setAlignment(Pos.CENTER_LEFT);

        muteItem.setOnAction(e -> {
            ChatSummary chat = getItem();
            if (chat != null) {
                viewModel.setMuted(chat.id(), !chat.muted());
            }
        });
        setContextMenu(new ContextMenu(muteItem));
        javafx.scene.control.Tooltip.install(avatarWithDot, presence);
        // The cell must not ask for more width than the list has, or long previews push the badge out.
        setPrefWidth(0);
    }

    @Override
    protected void updateItem(ChatSummary chat, boolean empty) {
        super.updateItem(chat, empty);
        if (empty || chat == null) {
            setGraphic(null);
            setText(null);
            setAccessibleText(null);
            return;
        }
        avatar.show(chat.title(), chat.id(), chat.avatarTag());
        avatar.node().pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("group"), chat.group());
        // A group has no one presence: the dot would say little, "last seen" nothing.
        onlineDot.setVisible(!chat.group() && chat.online());
        String seen = chat.group() ? (chat.active() ? chat.memberCount() + " members" : "you left")
                : chat.online() ? "online" : chat.lastSeenAt() == null ? "" : formats.lastSeen(chat.lastSeenAt());
        presence.setText(seen.isEmpty() ? chat.title() : chat.title() + " · " + seen);
        title.setText(chat.title());
        // Online is the green dot; offline with a known time is said in words.
        lastSeen.setText(chat.group() || chat.online() ? "" : seen);
        time.setText(formats.listTime(chat.lastActivity()));
        if (!chat.typingText().isEmpty()) {
            preview.setText(chat.typingText());
            if (!preview.getStyleClass().contains("typing")) {
                preview.getStyleClass().add("typing");
            }
        } else {
            preview.setText(chat.lastMessagePreview() == null ? "" : Texts.preview(chat.lastMessagePreview(), 80));
            // removeAll: a reused cell must not keep the typing style of a chat shown before.
            preview.getStyleClass().removeAll("typing");
        }
        badge.setText(chat.unread() > 99 ? "99+" : Integer.toString(chat.unread()));
        badge.setVisible(chat.unread() > 0);
        badge.setManaged(chat.unread() > 0);
        badge.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("muted"), chat.muted());
        mutedIcon.setVisible(chat.muted());
        mutedIcon.setManaged(chat.muted());
        muteItem.setText(chat.muted() ? "Unmute notifications" : "Mute notifications");
        setAccessibleText(chat.title() + (chat.unread() > 0 ? ", " + chat.unread() + " unread" : "")
                + (seen.isEmpty() ? "" : ", " + seen));
        setText(null);
        setGraphic(content);
    }
}
