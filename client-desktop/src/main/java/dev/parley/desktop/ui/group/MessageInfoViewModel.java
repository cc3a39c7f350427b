package dev.parley.desktop.ui.group;

import dev.parley.desktop.core.GroupService;
import dev.parley.desktop.core.model.ChatMessage;
import dev.parley.desktop.core.model.Receipts;
import dev.parley.desktop.ui.common.Tasks;
import dev.parley.desktop.ui.common.Texts;
import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.model.UserView;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.List;

/**
 * The message info card: "Delivered to 87 of 120 · Read by 40" and who is in each list, kept current
 * as receipts arrive while it is open.
 */
public final class MessageInfoViewModel {
    private final GroupService groups;
    private final Tasks tasks;
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ObservableList<String> readBy = FXCollections.observableArrayList();
    private final ObservableList<String> deliveredTo = FXCollections.observableArrayList();
    private final ObservableList<String> waiting = FXCollections.observableArrayList();
    private ConversationId chat;
    private long seq;
    private long generation;

    public MessageInfoViewModel(GroupService groups, Tasks tasks) {
        this.groups = groups;
        this.tasks = tasks;
    }

    /** The message, shortened to a line. */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ObservableList<String> readBy() {
        return readBy;
    }

    public ObservableList<String> deliveredTo() {
        return deliveredTo;
    }

    public ObservableList<String> waiting() {
        return waiting;
    }

    /** Opens the card on a stored message, asking the server for the latest receipts. */
    public void open(ChatMessage message) {
        if (message.seq() == null) {
            return;
        }
        chat = message.conversationId();
        seq = message.seq();
        long gen = ++generation;
        text.set(Texts.preview(message.text(), 140));
        summary.set("Loading…");
        error.set("");
        readBy.clear();
        deliveredTo.clear();
        waiting.clear();
        load(gen, true);
    }

    /** Receipts arrived in a chat: recount if it is the open message's. */
    public void refreshIf(ConversationId changed) {
        if (chat != null && chat.equals(changed)) {
            load(generation, false);
        }
    }

    public void close() {
        generation++;
        chat = null;
    }

    private void load(long gen, boolean askServer) {
        ConversationId id = chat;
        long at = seq;
        tasks.run(() -> groups.receipts(id, at, askServer), receipts -> {
            if (gen == generation) {
                show(receipts);
            }
        }, failure -> {
            if (gen == generation) {
                error.set(failure);
            }
        });
    }

    private void show(Receipts receipts) {
        summary.set(receipts.summary());
        readBy.setAll(names(receipts.readBy()));
        deliveredTo.setAll(names(receipts.deliveredTo()));
        waiting.setAll(names(receipts.waiting()));
    }

    private static List<String> names(List<UserView> users) {
        return users.stream().map(UserView::displayName).toList();
    }
}
