package dev.parley.desktop.ui.chat;

import dev.parley.desktop.core.model.ChatMessage;
import dev.parley.desktop.core.model.DeliveryStatus;
import dev.parley.desktop.ui.group.SenderColors;
import dev.parley.protocol.model.MessageKind;
import javafx.beans.value.ObservableDoubleValue;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A bubble (mine right, theirs left) with time and ticks, in groups with the sender's name in their
 * colour above others' bubbles; or a centered line (day heading, unread divider, "Ana added Ben").
 */
final class MessageCell extends ListCell<ChatRow> {
    private final Consumer<ChatMessage> onRetry;
    private final MenuItem infoItem = new MenuItem("Info");
    private final ContextMenu menu = new ContextMenu(infoItem);
    private final javafx.beans.value.ObservableValue<Long> highlighted;

    /**
     * Never asks for more width than its maximum: the row (an HBox) sizes the bubble by its preferred
     * width, and a long unwrapped line would otherwise make the cell one line high and clip the text.
     */
    private final Label text = new Label() {
        @Override
        protected double computePrefWidth(double height) {
            return Math.min(super.computePrefWidth(height), getMaxWidth());
        }
    };
    private final Label sender = new Label();
    private final Label time = new Label();
    private final StackPane ticks = new StackPane();
    private final HBox footer = new HBox(4, time, ticks);
    private final VBox bubble = new VBox(2, text, footer);
    private final HBox bubbleRow = new HBox(bubble);
    private final Label centered = new Label();
    private final HBox centeredRow = new HBox(centered);

    MessageCell(ObservableDoubleValue listWidth, javafx.beans.value.ObservableValue<Long> highlighted,
                Consumer<ChatMessage> onRetry, Consumer<ChatMessage> onInfo) {
        this.onRetry = onRetry;
        infoItem.setId("messageInfoItem");
        infoItem.setOnAction(e -> {
            if (getItem() instanceof ChatRow.Message row) {
                onInfo.accept(row.message());
            }
        });
        this.highlighted = highlighted;
        getStyleClass().add("message-cell");
        text.setWrapText(true);
        text.getStyleClass().add("message-text");
        sender.getStyleClass().add("message-sender");
        time.getStyleClass().add("message-time");
        ticks.getStyleClass().add("ticks");
        footer.setAlignment(Pos.CENTER_RIGHT);
        bubble.getStyleClass().add("bubble");
        bubble.setFillWidth(true);
        // Bubbles take at most 70 % of the chat's width; short ones shrink to their text.
        bubble.maxWidthProperty().bind(javafx.beans.binding.Bindings.createDoubleBinding(
                () -> Math.max(160, listWidth.get() * 0.7), listWidth));
        text.maxWidthProperty().bind(bubble.maxWidthProperty().subtract(24));
        bubbleRow.getStyleClass().add("bubble-row");
        centered.setWrapText(true);
        centeredRow.setAlignment(Pos.CENTER);
        centeredRow.getStyleClass().add("centered-row");
        setPrefWidth(0);
    }

    /**
     * A labeled cell asks its graphic for a height without giving the width, so wrapped text would be
     * measured as one line and clipped. The list gives the cell its width: pass it on.
     */
    @Override
    protected double computePrefHeight(double width) {
        Node graphic = getGraphic();
        if (graphic != null && width > 0) {
            javafx.geometry.Insets insets = getInsets();
            return snapSizeY(insets.getTop() + insets.getBottom()
                    + graphic.prefHeight(width - insets.getLeft() - insets.getRight()));
        }
        return super.computePrefHeight(width);
    }

    @Override
    protected void updateItem(ChatRow row, boolean empty) {
        super.updateItem(row, empty);
        setText(null);
        setContextMenu(null);
        if (empty || row == null) {
            setGraphic(null);
            setAccessibleText(null);
            return;
        }
        switch (row) {
            case ChatRow.DayHeading heading -> showCentered(heading.text(), "day-heading");
            case ChatRow.UnreadDivider divider -> showCentered(divider.text(), "unread-divider");
            case ChatRow.Message message -> showMessage(message);
        }
    }

    private void showCentered(String value, String style) {
        centered.setText(value);
        centered.getStyleClass().setAll("label", style);
        centeredRow.getStyleClass().setAll("centered-row", style + "-row");
        setAccessibleText(value);
        setGraphic(centeredRow);
    }

    private void showMessage(ChatRow.Message row) {
        ChatMessage message = row.message();
        if (message.kind() != MessageKind.TEXT) {
            showCentered(message.note() == null ? "" : message.note(), "member-note");
            return;
        }
        boolean named = message.group() && !message.mine();
        if (named) {
            sender.setText(message.senderName());
            sender.getStyleClass().setAll("label", "message-sender", SenderColors.styleClassOf(message.senderId()));
            if (!bubble.getChildren().contains(sender)) {
                bubble.getChildren().addFirst(sender);
            }
        } else {
            bubble.getChildren().remove(sender);
        }
        // Receipts per member: for one's own stored messages, and for any message in a group.
        if (message.seq() != null && (message.mine() || message.group())) {
            setContextMenu(menu);
        }
        text.setText(message.text());
        time.setText(row.time());
        bubble.getStyleClass().setAll("bubble", message.mine() ? "mine" : "theirs");
        boolean highlight = message.seq() != null && Objects.equals(highlighted.getValue(), message.seq());
        bubble.pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("highlighted"), highlight);
        bubbleRow.setAlignment(message.mine() ? Pos.CENTER_RIGHT : Pos.CENTER_LEFT);
        showTicks(message);
        setAccessibleText((message.mine() ? "You" : message.senderName()) + ": " + message.text() + ", " + row.time()
                + (ChatViewModel.showsTicks(message) ? ", " + ChatViewModel.tickDescription(message) : ""));
        setGraphic(bubbleRow);
    }

    private void showTicks(ChatMessage message) {
        ticks.setOnMouseClicked(null);
        ticks.setCursor(Cursor.DEFAULT);
        Tooltip.uninstall(ticks, null);
        if (!ChatViewModel.showsTicks(message)) {
            ticks.getChildren().clear();
            ticks.getStyleClass().setAll("ticks");
            ticks.setVisible(false);
            ticks.setManaged(false);
            return;
        }
        ticks.setVisible(true);
        ticks.setManaged(true);
        DeliveryStatus status = message.status();
        ticks.getStyleClass().setAll("ticks", "status-" + status.name().toLowerCase(java.util.Locale.ROOT));
        String description = ChatViewModel.tickDescription(message);
        ticks.setAccessibleText(description);
        ticks.getChildren().setAll(switch (status) {
            case QUEUED -> icon(Feather.CLOCK);
            case SENT -> icon(Feather.CHECK);
            case DELIVERED, READ -> doubleCheck();
            case FAILED -> failed();
        });
        Tooltip.install(ticks, new Tooltip(description));
        if (status == DeliveryStatus.FAILED) {
            ticks.setCursor(Cursor.HAND);
            ticks.setOnMouseClicked(e -> onRetry.accept(message));
        }
    }

    private static Node icon(Feather feather) {
        FontIcon icon = new FontIcon(feather);
        icon.getStyleClass().add("tick-icon");
        return icon;
    }

    private static Node doubleCheck() {
        Node first = icon(Feather.CHECK);
        Node second = icon(Feather.CHECK);
        second.setTranslateX(5);
        StackPane pair = new StackPane(first, second);
        pair.setPadding(new javafx.geometry.Insets(0, 5, 0, 0));
        return pair;
    }

    private static Node failed() {
        Label mark = new Label("!");
        mark.getStyleClass().add("failed-mark");
        return mark;
    }
}
