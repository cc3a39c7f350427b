package dev.parley.desktop.ui.main;

import dev.parley.desktop.core.ChatService;
import dev.parley.desktop.core.model.ChatEvent;
import dev.parley.desktop.core.model.ChatMessage;
import dev.parley.desktop.core.model.ChatSummary;
import dev.parley.desktop.core.model.ConnectionState;
import dev.parley.desktop.core.model.GroupPicture;
import dev.parley.desktop.core.model.SearchHit;
import dev.parley.desktop.ui.chat.ChatViewModel;
import dev.parley.desktop.ui.chats.ChatListViewModel;
import dev.parley.desktop.ui.common.Tasks;
import dev.parley.desktop.ui.common.Texts;
import dev.parley.desktop.ui.common.TimeFormats;
import dev.parley.desktop.ui.devices.DevicesViewModel;
import dev.parley.desktop.ui.group.GroupInfoViewModel;
import dev.parley.desktop.ui.group.MessageInfoViewModel;
import dev.parley.desktop.ui.group.NewGroupViewModel;
import dev.parley.desktop.ui.search.SearchViewModel;
import dev.parley.desktop.ui.settings.SettingsViewModel;
import dev.parley.protocol.ids.ConversationId;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A logged-in session on screen: wires core events to the chat list and the open chat, shows the
 * connection banner, the unread total in the window title, notifications, and the cards (search,
 * devices, settings, new chat).
 */
public final class MainViewModel {
    private static final System.Logger LOG = System.getLogger(MainViewModel.class.getName());

    private final ChatService service;
    private final Tasks tasks;
    private final SettingsViewModel settings;
    private final Consumer<String> onSignedOut;

    private final ChatListViewModel chatList;
    private final ChatViewModel chat;
    private final SearchViewModel search;
    private final DevicesViewModel devices;
    private final NewGroupViewModel newGroup;
    private final GroupInfoViewModel groupInfo;
    private final MessageInfoViewModel messageInfo;

    private final ReadOnlyObjectWrapper<ConnectionState> connection = new ReadOnlyObjectWrapper<>(ConnectionState.CONNECTING);
    private final BooleanProperty windowFocused = new SimpleBooleanProperty(true);
    private final ObjectProperty<Pane> pane = new SimpleObjectProperty<>(Pane.NONE);
    private final StringBinding windowTitle;
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private Consumer<DesktopNotification> notifier = n -> { };
    private AutoCloseable subscription;
    private Long focusSeqOnOpen;
    private boolean signedOut;

    public MainViewModel(ChatService service, Tasks tasks, TimeFormats formats, SettingsViewModel settings,
                         Consumer<String> onSignedOut) {
        this.service = service;
        this.tasks = tasks;
        this.settings = settings;
        this.onSignedOut = onSignedOut;
        this.chatList = new ChatListViewModel(service, tasks);
        this.chat = new ChatViewModel(service, tasks, formats);
        this.search = new SearchViewModel(service, tasks, this::openHit);
        this.devices = new DevicesViewModel(service, tasks, () -> signOut("You logged out of this device."));
        this.newGroup = new NewGroupViewModel(service.groups(), tasks, this::groupCreated, notice::set);
        this.groupInfo = new GroupInfoViewModel(service.groups(), tasks);
        this.messageInfo = new MessageInfoViewModel(service.groups(), tasks);

        chat.activeProperty().bind(windowFocused);
        chatList.selectedProperty().addListener((obs, old, now) -> openSelected(now));
        chatList.allChats().addListener((ListChangeListener<ChatSummary>) c ->
                chat.openChat().flatMap(chatList::summary).ifPresent(chat::updateSummary));
        windowTitle = Bindings.createStringBinding(() -> {
            int unread = chatList.unreadTotalProperty().get();
            return unread > 0 ? "Parley (" + unread + " unread)" : "Parley";
        }, chatList.unreadTotalProperty());
        // The new-chat card is a pane like the others: one open at a time, Esc closes it.
        chatList.newChatOpenProperty().addListener((obs, old, open) -> {
            if (open) {
                pane.set(Pane.NEW_CHAT);
            } else if (pane.get() == Pane.NEW_CHAT) {
                pane.set(Pane.NONE);
            }
        });
        pane.addListener((obs, old, now) -> {
            if (now != Pane.NEW_CHAT) {
                chatList.newChatOpenProperty().set(false);
            }
            if (old == Pane.GROUP_INFO && now != Pane.GROUP_INFO) {
                groupInfo.close();
            }
            if (old == Pane.MESSAGE_INFO && now != Pane.MESSAGE_INFO) {
                messageInfo.close();
            }
        });
    }

    public ChatListViewModel chatList() {
        return chatList;
    }

    public ChatViewModel chat() {
        return chat;
    }

    public SearchViewModel search() {
        return search;
    }

    public DevicesViewModel devices() {
        return devices;
    }

    public SettingsViewModel settings() {
        return settings;
    }

    public NewGroupViewModel newGroup() {
        return newGroup;
    }

    public GroupInfoViewModel groupInfo() {
        return groupInfo;
    }

    public MessageInfoViewModel messageInfo() {
        return messageInfo;
    }

    public String accountDescription() {
        var me = service.me();
        return "Logged in as " + me.displayName() + " (@" + me.username() + ")";
    }

    public String myName() {
        return service.me().displayName();
    }

    public ReadOnlyObjectProperty<ConnectionState> connectionProperty() {
        return connection.getReadOnlyProperty();
    }

    /** A message about the session itself (a failed log-out), shown under the banner. */
    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    public void dismissNotice() {
        notice.set("");
    }

    public BooleanProperty windowFocusedProperty() {
        return windowFocused;
    }

    public ObjectProperty<Pane> paneProperty() {
        return pane;
    }

    /** "Parley", or "Parley (3 unread)". */
    public StringBinding windowTitleProperty() {
        return windowTitle;
    }

    public void setNotifier(Consumer<DesktopNotification> notifier) {
        this.notifier = Objects.requireNonNull(notifier);
    }

    /** Subscribes to the core's events and loads the chat list. */
    public void start() {
        subscription = service.subscribe(event -> tasks.onUi(() -> handle(event)));
        tasks.run(service::connectionState, this::connectionChanged, message -> LOG.log(System.Logger.Level.WARNING, message));
        chatList.reload();
    }

    /** Stops listening and keeps the open chat's draft; the app closes the service after. */
    public void stop() {
        chat.saveDraftNow();
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "Cannot unsubscribe", e);
            }
            subscription = null;
        }
    }

    void handle(ChatEvent event) {
        if (signedOut) {
            return;
        }
        switch (event) {
            case ChatEvent.ConnectionChanged changed -> connectionChanged(changed.state());
            case ChatEvent.ChatsChanged ignored -> chatList.reload();
            case ChatEvent.MessagesChanged changed -> {
                if (chat.openChat().filter(changed.conversationId()::equals).isPresent()) {
                    chat.reload();
                }
                messageInfo.refreshIf(changed.conversationId());
            }
            case ChatEvent.MessageArrived arrived -> maybeNotify(arrived.message());
            case ChatEvent.Typing ignored -> chatList.reload();
            case ChatEvent.GroupChanged changed -> groupInfo.reloadIf(changed.conversationId());
            case ChatEvent.JoinRequested request -> {
                groupInfo.reloadIf(request.conversationId());
                notifier.accept(new DesktopNotification(request.conversationId(), request.groupName(),
                        request.user().displayName() + " asks to join. Open the group info to let them in."));
            }
        }
    }

    private void connectionChanged(ConnectionState state) {
        connection.set(state);
        if (state == ConnectionState.SIGNED_OUT) {
            signOut("This device was logged out. Log in again to keep chatting.");
        }
    }

    private void maybeNotify(ChatMessage message) {
        if (message.mine()) {
            return;
        }
        ConversationId id = message.conversationId();
        boolean muted = chatList.summary(id).map(ChatSummary::muted).orElse(false);
        boolean looking = windowFocused.get() && chat.openChat().filter(id::equals).isPresent();
        if (muted || looking) {
            return;
        }
        // Messages notify; of the group's lines only those about oneself ("Ana added you"), not a
        // burst of "added …" when a big group is made.
        boolean aboutMe = service.me().id().equals(message.subjectUserId());
        if (!message.shown() || (message.kind() != dev.parley.protocol.model.MessageKind.TEXT && !aboutMe)) {
            return;
        }
        String sender = message.senderName() == null ? "New message" : message.senderName();
        String title = message.group()
                ? chatList.summary(id).map(ChatSummary::title).map(group -> sender + " in " + group).orElse(sender)
                : sender;
        String body = message.kind() == dev.parley.protocol.model.MessageKind.TEXT ? message.text() : message.note();
        String text = settings.hidePreviewProperty().get() ? "New message" : Texts.preview(body, 120);
        notifier.accept(new DesktopNotification(id, title, text));
    }

    /** Opens a chat (from a notification, a search hit, or the list). */
    public void openChat(ConversationId id) {
        pane.set(Pane.NONE);
        if (id.equals(chatList.selectedProperty().get())) {
            openSelected(id);
        } else {
            chatList.selectedProperty().set(id);
        }
    }

    private void openHit(SearchHit hit) {
        focusSeqOnOpen = hit.seq();
        openChat(hit.conversationId());
    }

    private void openSelected(ConversationId id) {
        Long focus = focusSeqOnOpen;
        focusSeqOnOpen = null;
        if (id == null) {
            return;
        }
        ChatSummary summary = chatList.summary(id).orElseGet(() -> ChatSummary.direct(id, "", null, null, null, null, 0,
                false, null, false, false));
        chat.open(summary, focus);
    }

    public void openPane(Pane which) {
        switch (which) {
            case NEW_CHAT -> chatList.openNewChat();
            case NEW_GROUP -> newGroup.reset();
            case GROUP_INFO -> {
                if (!openGroupInfo()) {
                    return;
                }
            }
            case MESSAGE_INFO -> {
                return; // opened for a message, by openMessageInfo
            }
            case SEARCH -> search.reset();
            case DEVICES -> devices.reload();
            case SETTINGS, NONE -> { }
        }
        pane.set(which);
    }

    /** Loads the open chat's group info; false when the open chat is not a group. */
    private boolean openGroupInfo() {
        var open = chat.openChat();
        if (open.isEmpty() || !chat.groupProperty().get()) {
            return false;
        }
        groupInfo.open(open.get());
        return true;
    }

    /** The receipts of one message ("Info" in its menu). */
    public void openMessageInfo(ChatMessage message) {
        if (message.seq() == null) {
            return;
        }
        messageInfo.open(message);
        pane.set(Pane.MESSAGE_INFO);
    }

    private void groupCreated(ConversationId id) {
        pane.set(Pane.NONE);
        chatList.filterProperty().set("");
        chatList.selectedProperty().set(id);
        chatList.reload();
    }

    /** A group's picture for the avatars, loaded off the FX thread; null when it has none or cannot be had now. */
    public void loadPicture(ConversationId chat, Consumer<byte[]> onLoaded) {
        tasks.run(() -> service.groups().picture(chat).map(GroupPicture::image).orElse(null), onLoaded, failure -> {
            LOG.log(System.Logger.Level.WARNING, "Could not load the picture of " + chat + ": " + failure);
            onLoaded.accept(null);
        });
    }

    /** Esc: answers "no" to a question the open card asks (leave the group?), else closes the card. */
    public boolean escape() {
        if (pane.get() == Pane.GROUP_INFO && groupInfo.cancelLeave()) {
            return true;
        }
        return closePane();
    }

    /** Closes the open card; returns whether there was one. */
    public boolean closePane() {
        if (pane.get() == Pane.NONE) {
            return false;
        }
        pane.set(Pane.NONE);
        return true;
    }

    public void logOut() {
        tasks.run(service::logOut, () -> signOut("You logged out."),
                message -> notice.set("Could not log out: " + message));
    }

    private void signOut(String why) {
        if (signedOut) {
            return;
        }
        signedOut = true;
        stop();
        chat.close();
        onSignedOut.accept(why);
    }
}
