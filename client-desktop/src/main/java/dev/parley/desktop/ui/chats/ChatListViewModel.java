package dev.parley.desktop.ui.chats;

import dev.parley.desktop.core.ChatService;
import dev.parley.desktop.core.GroupService;
import dev.parley.desktop.core.model.ChatSummary;
import dev.parley.desktop.ui.common.Tasks;
import dev.parley.protocol.ids.ConversationId;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.IntegerBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/** The chat list: newest activity first, filtered by the search box, one selected. */
public final class ChatListViewModel {
    private static final Comparator<ChatSummary> BY_ACTIVITY = Comparator.comparing(ChatSummary::lastActivity,
            Comparator.nullsLast(Comparator.<Instant>reverseOrder()));

    private final ChatService service;
    private final Tasks tasks;

    private final ObservableList<ChatSummary> chats = FXCollections.observableArrayList();
    /** One read-only view, kept: a fresh wrapper per call would drop listeners when it is collected. */
    private final ObservableList<ChatSummary> chatsView = FXCollections.unmodifiableObservableList(chats);
    private final FilteredList<ChatSummary> visible = new FilteredList<>(chats);
    private final StringProperty filter = new SimpleStringProperty("");
    private final ObjectProperty<ConversationId> selected = new SimpleObjectProperty<>();
    private final IntegerBinding unreadTotal;

    private final StringProperty newChatTarget = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper newChatError = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper newChatNotice = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper newChatBusy = new ReadOnlyBooleanWrapper(false);
    private final BooleanProperty newChatOpen = new SimpleBooleanProperty(false);
    private final ReadOnlyStringWrapper inviteStatus = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper loadError = new ReadOnlyStringWrapper("");
    private long reloadGeneration;

    public ChatListViewModel(ChatService service, Tasks tasks) {
        this.service = service;
        this.tasks = tasks;
        filter.addListener((obs, old, now) -> visible.setPredicate(matching(now)));
        unreadTotal = Bindings.createIntegerBinding(
                () -> chats.stream().mapToInt(ChatSummary::unread).sum(), chats);
    }

    /** Every chat, newest activity first (the search box does not filter these). */
    public ObservableList<ChatSummary> allChats() {
        return chatsView;
    }

    /** The chats shown (after the search box filter), newest activity first. */
    public ObservableList<ChatSummary> visibleChats() {
        return visible;
    }

    public StringProperty filterProperty() {
        return filter;
    }

    public ObjectProperty<ConversationId> selectedProperty() {
        return selected;
    }

    public IntegerBinding unreadTotalProperty() {
        return unreadTotal;
    }

    public ReadOnlyStringProperty loadErrorProperty() {
        return loadError.getReadOnlyProperty();
    }

    public Optional<ChatSummary> summary(ConversationId id) {
        return chats.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    public void reload() {
        long generation = ++reloadGeneration;
        tasks.run(service::chats, list -> {
            if (generation == reloadGeneration) {
                apply(list);
            }
        }, loadError::set);
    }

    private void apply(List<ChatSummary> list) {
        loadError.set("");
        List<ChatSummary> sorted = list.stream().sorted(BY_ACTIVITY).toList();
        // Replace changed rows in place when the order holds, so the selection and scroll stay put.
        if (sorted.size() == chats.size() && sameOrder(sorted)) {
            for (int i = 0; i < sorted.size(); i++) {
                if (!sorted.get(i).equals(chats.get(i))) {
                    chats.set(i, sorted.get(i));
                }
            }
        } else {
            chats.setAll(sorted);
        }
    }

    private boolean sameOrder(List<ChatSummary> sorted) {
        for (int i = 0; i < sorted.size(); i++) {
            if (!sorted.get(i).id().equals(chats.get(i).id())) {
                return false;
            }
        }
        return true;
    }

    /** Alt+Down / Alt+Up: the next or previous chat in the visible list. */
    public void selectNext() {
        move(1);
    }

    public void selectPrevious() {
        move(-1);
    }

    private void move(int step) {
        if (visible.isEmpty()) {
            return;
        }
        int index = -1;
        for (int i = 0; i < visible.size(); i++) {
            if (visible.get(i).id().equals(selected.get())) {
                index = i;
            }
        }
        int next = index < 0 ? (step > 0 ? 0 : visible.size() - 1) : Math.floorMod(index + step, visible.size());
        selected.set(visible.get(next).id());
    }

    // --- New chat -----------------------------------------------------------------------------

    public StringProperty newChatTargetProperty() {
        return newChatTarget;
    }

    public ReadOnlyStringProperty newChatErrorProperty() {
        return newChatError.getReadOnlyProperty();
    }

    /** Good news that is not a chat yet: "Asked to join “Trip”. An admin will let you in." */
    public ReadOnlyStringProperty newChatNoticeProperty() {
        return newChatNotice.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty newChatBusyProperty() {
        return newChatBusy.getReadOnlyProperty();
    }

    public BooleanProperty newChatOpenProperty() {
        return newChatOpen;
    }

    public void openNewChat() {
        newChatTarget.set("");
        newChatError.set("");
        newChatNotice.set("");
        newChatOpen.set(true);
    }

    /**
     * Starts (or finds) the chat with the typed username or invite link, or joins the group a group link
     * leads to, then selects it. A group that wants approval is asked: the card says so, and the group
     * shows up in the list once an admin lets this user in.
     */
    public void startNewChat() {
        String target = newChatTarget.get().strip();
        if (target.isEmpty()) {
            newChatError.set("Type a username, or paste an invite link.");
            return;
        }
        newChatBusy.set(true);
        newChatError.set("");
        newChatNotice.set("");
        if (GroupService.isGroupLink(target)) {
            tasks.run(() -> service.groups().joinGroup(target), outcome -> {
                if (outcome.pending()) {
                    newChatBusy.set(false);
                    newChatTarget.set("");
                    newChatNotice.set("Asked to join “" + outcome.groupName() + "”. An admin will let you in.");
                } else {
                    opened(outcome.conversationId());
                }
            }, this::newChatFailed);
            return;
        }
        tasks.run(() -> service.startChat(target), this::opened, this::newChatFailed);
    }

    private void opened(ConversationId id) {
        newChatBusy.set(false);
        newChatOpen.set(false);
        filter.set("");
        selected.set(id);
        reload();
    }

    private void newChatFailed(String message) {
        newChatBusy.set(false);
        newChatError.set(message);
    }

    // --- Invite link ----------------------------------------------------------------------------

    public ReadOnlyStringProperty inviteStatusProperty() {
        return inviteStatus.getReadOnlyProperty();
    }

    /** Fetches the invite link and hands it to {@code copy} (the view puts it on the clipboard). */
    public void copyInviteLink(Consumer<String> copy) {
        tasks.run(service::inviteLink, link -> {
            copy.accept(link);
            inviteStatus.set("Invite link copied. Send it to someone to start a chat.");
        }, message -> inviteStatus.set("Could not get your invite link: " + message));
    }

    public void clearInviteStatus() {
        inviteStatus.set("");
    }

    public void setMuted(ConversationId chat, boolean muted) {
        tasks.run(() -> service.setMuted(chat, muted), this::reload, loadError::set);
    }

    private static java.util.function.Predicate<ChatSummary> matching(String query) {
        String q = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        if (q.isEmpty()) {
            return null;
        }
        return chat -> contains(chat.title(), q) || contains(chat.otherUsername(), q);
    }

    private static boolean contains(String text, String query) {
        return text != null && text.toLowerCase(Locale.ROOT).contains(query);
    }
}
