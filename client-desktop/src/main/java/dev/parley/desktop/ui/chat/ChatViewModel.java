package dev.parley.desktop.ui.chat;

import dev.parley.desktop.core.ChatService;
import dev.parley.desktop.core.model.ChatMessage;
import dev.parley.desktop.core.model.ChatSummary;
import dev.parley.desktop.core.model.DeliveryStatus;
import dev.parley.desktop.ui.common.Tasks;
import dev.parley.desktop.ui.common.Texts;
import dev.parley.desktop.ui.common.TimeFormats;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ids.ConversationId;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The open chat: its rows (day headings, unread divider, bubbles with ticks), the header, older
 * history on demand, and the compose box with its draft, limit and typing notifications.
 */
public final class ChatViewModel {
    /** Entries fetched per page; the newest page is also what a reload refreshes. */
    static final int PAGE = 60;
    /** The counter appears from here on (90 % of the limit). */
    static final int COUNTER_FROM = Limits.MAX_TEXT_CODE_POINTS * 9 / 10;
    private static final long TYPING_EVERY_NANOS = 3_000_000_000L;
    private static final int MAX_PAGES_TO_FIND_A_MESSAGE = 50;
    private static final Comparator<ChatMessage> DISPLAY_ORDER = Comparator
            .comparing(ChatMessage::seq, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(ChatMessage::time);

    private final ChatService service;
    private final Tasks tasks;
    private final TimeFormats formats;

    private final ReadOnlyObjectWrapper<ConversationId> chat = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper muted = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper group = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper avatarTag = new ReadOnlyStringWrapper();
    /** False once this user left the group or was removed: the chat is read-only. */
    private final ReadOnlyBooleanWrapper member = new ReadOnlyBooleanWrapper(true);
    private final ObservableList<ChatRow> rows = FXCollections.observableArrayList();
    /** One read-only view, kept: a fresh wrapper per call would drop listeners when it is collected. */
    private final ObservableList<ChatRow> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyBooleanWrapper loadingOlder = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper reachedStart = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");

    private final BooleanProperty atBottom = new SimpleBooleanProperty(true);
    private final BooleanProperty active = new SimpleBooleanProperty(false);
    private final ReadOnlyIntegerWrapper newBelow = new ReadOnlyIntegerWrapper(0);

    private final StringProperty compose = new SimpleStringProperty("");
    private final ReadOnlyIntegerWrapper length = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyStringWrapper counter = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper limitMessage = new ReadOnlyStringWrapper("");
    private final BooleanBinding canSend;

    private final ReadOnlyObjectWrapper<Long> highlightedSeq = new ReadOnlyObjectWrapper<>();

    private Consumer<ScrollCommand> scroller = command -> { };
    private List<ChatMessage> messages = List.of();
    private ChatSummary summary;
    private long generation;
    /** Whether the open chat's first page (and its read position) has been loaded. */
    private boolean loaded;
    private Long dividerSeq;
    private int dividerCount;
    private boolean settingCompose;
    private long lastTypingSent;
    private boolean draftSaving;
    private String draftSaved = "";

    public ChatViewModel(ChatService service, Tasks tasks, TimeFormats formats) {
        this.service = service;
        this.tasks = tasks;
        this.formats = formats;
        canSend = Bindings.createBooleanBinding(() -> chat.get() != null && member.get() && !compose.get().isBlank()
                && length.get() <= Limits.MAX_TEXT_CODE_POINTS, chat, member, compose, length);
        compose.addListener((obs, old, now) -> composeChanged(now));
        atBottom.addListener((obs, old, now) -> {
            if (now) {
                newBelow.set(0);
            }
        });
        active.addListener((obs, old, now) -> {
            if (now) {
                markReadIfUnread();
            }
        });
    }

    // --- Properties --------------------------------------------------------------------------------

    public ReadOnlyObjectProperty<ConversationId> chatProperty() {
        return chat.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** "online", "typing…", "last seen today at 14:05". */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty mutedProperty() {
        return muted.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty groupProperty() {
        return group.getReadOnlyProperty();
    }

    /** Names the group's picture; null when it has none (or this is a direct chat). */
    public ReadOnlyStringProperty avatarTagProperty() {
        return avatarTag.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty memberProperty() {
        return member.getReadOnlyProperty();
    }

    public ObservableList<ChatRow> rows() {
        return rowsView;
    }

    public ReadOnlyBooleanProperty loadingOlderProperty() {
        return loadingOlder.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty reachedStartProperty() {
        return reachedStart.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Written by the view: whether the newest row is in sight. */
    public BooleanProperty atBottomProperty() {
        return atBottom;
    }

    /** Written by the app: whether the user can see this chat (window focused). */
    public BooleanProperty activeProperty() {
        return active;
    }

    /** Messages that arrived below while the user read older ones (the ↓ button's count). */
    public ReadOnlyIntegerProperty newBelowProperty() {
        return newBelow.getReadOnlyProperty();
    }

    public StringProperty composeProperty() {
        return compose;
    }

    /** Code points in the compose box. */
    public ReadOnlyIntegerProperty lengthProperty() {
        return length.getReadOnlyProperty();
    }

    /** "95,000 / 100,000" near the limit, else empty. */
    public ReadOnlyStringProperty counterProperty() {
        return counter.getReadOnlyProperty();
    }

    /** Why the message cannot be sent (past the limit), else empty. */
    public ReadOnlyStringProperty limitMessageProperty() {
        return limitMessage.getReadOnlyProperty();
    }

    public BooleanBinding canSendProperty() {
        return canSend;
    }

    /** The seq of a message opened from search, to show highlighted. */
    public ReadOnlyObjectProperty<Long> highlightedSeqProperty() {
        return highlightedSeq.getReadOnlyProperty();
    }

    public void setScroller(Consumer<ScrollCommand> scroller) {
        this.scroller = Objects.requireNonNull(scroller);
    }

    public Optional<ConversationId> openChat() {
        return Optional.ofNullable(chat.get());
    }

    // --- Opening and reloading ---------------------------------------------------------------------

    /** Opens a chat at its newest messages (or at the unread divider). */
    public void open(ChatSummary chatSummary) {
        open(chatSummary, null);
    }

    /** Opens a chat at the message {@code focusSeq} (from search), or at the newest when null. */
    public void open(ChatSummary chatSummary, Long focusSeq) {
        Objects.requireNonNull(chatSummary, "chatSummary");
        saveDraftNow();
        long gen = ++generation;
        loaded = false;
        ConversationId id = chatSummary.id();
        chat.set(id);
        updateSummary(chatSummary);
        messages = List.of();
        dividerSeq = null;
        dividerCount = 0;
        rows.clear();
        newBelow.set(0);
        atBottom.set(true);
        reachedStart.set(false);
        loadingOlder.set(false);
        error.set("");
        highlightedSeq.set(focusSeq);
        setComposeQuietly("");
        draftSaved = "";
        tasks.run(() -> load(id, focusSeq), opened -> {
            if (gen != generation) {
                return;
            }
            messages = opened.messages();
            loaded = true;
            reachedStart.set(opened.reachedStart());
            placeDivider(opened.readUpTo());
            draftSaved = opened.draft();
            setComposeQuietly(opened.draft());
            rebuildRows();
            if (focusSeq != null && indexOfSeq(focusSeq) >= 0) {
                scroller.accept(new ScrollCommand.ToRow(indexOfSeq(focusSeq)));
            } else if (dividerSeq != null) {
                scroller.accept(new ScrollCommand.ToRow(indexOfKey("unread")));
            } else {
                scroller.accept(new ScrollCommand.ToBottom());
            }
            markReadIfUnread();
        }, message -> {
            if (gen == generation) {
                error.set(message);
            }
        });
    }

    private Opened load(ConversationId id, Long focusSeq) {
        long readUpTo = service.readUpTo(id);
        List<ChatMessage> loaded = new ArrayList<>(service.messages(id, null, PAGE));
        boolean start = countStored(loaded) < PAGE;
        // A search hit, or the first unread message, may be older than the newest page: page back
        // (from the cache) until it is in, so the view can open there.
        long target = focusSeq != null ? focusSeq : readUpTo + 1;
        int pages = 1;
        while (!start && pages < MAX_PAGES_TO_FIND_A_MESSAGE && oldestSeq(loaded) != null
                && oldestSeq(loaded) > target) {
            List<ChatMessage> older = service.messages(id, oldestSeq(loaded), PAGE);
            start = countStored(older) < PAGE;
            loaded.addAll(0, older);
            pages++;
        }
        String draft = service.draft(id).orElse("");
        return new Opened(readUpTo, sorted(loaded), draft, start);
    }

    private record Opened(long readUpTo, List<ChatMessage> messages, String draft, boolean reachedStart) {
    }

    private void placeDivider(long readUpTo) {
        List<ChatMessage> unread = messages.stream()
                .filter(m -> !m.mine() && m.seq() != null && m.seq() > readUpTo
                        && m.kind() == dev.parley.protocol.model.MessageKind.TEXT)
                .toList();
        if (unread.isEmpty()) {
            dividerSeq = null;
            dividerCount = 0;
        } else {
            dividerSeq = unread.getFirst().seq();
            dividerCount = unread.size();
        }
    }

    /** The chat's entries changed (new message, ticks): refresh the newest page and merge it in. */
    public void reload() {
        ConversationId id = chat.get();
        if (id == null) {
            return;
        }
        long gen = generation;
        tasks.run(() -> service.messages(id, null, PAGE), page -> {
            if (gen == generation) {
                merge(page);
            }
        }, error::set);
    }

    private void merge(List<ChatMessage> page) {
        Long newestBefore = newestSeq(messages);
        Long pageOldest = oldestSeq(page);
        List<ChatMessage> merged = new ArrayList<>();
        if (pageOldest == null) {
            messages.stream().filter(m -> !m.pending()).forEach(merged::add);
        } else if (newestBefore != null && newestBefore < pageOldest - 1) {
            // More arrived than one page holds: start again from the newest page.
            reachedStart.set(false);
        } else {
            messages.stream().filter(m -> !m.pending() && m.seq() < pageOldest).forEach(merged::add);
        }
        merged.addAll(page);
        messages = sorted(dedupe(merged));

        long arrived = messages.stream()
                .filter(m -> !m.mine() && m.seq() != null && (newestBefore == null || m.seq() > newestBefore))
                .count();
        rebuildRows();
        if (arrived > 0) {
            if (atBottom.get()) {
                scroller.accept(new ScrollCommand.ToBottom());
            } else {
                newBelow.set(newBelow.get() + (int) arrived);
            }
            markReadIfUnread();
        }
    }

    /** Called when the user scrolls to the top: fetch the page before the oldest shown entry. */
    public void loadOlder() {
        ConversationId id = chat.get();
        Long before = oldestSeq(messages);
        if (id == null || before == null || loadingOlder.get() || reachedStart.get()) {
            return;
        }
        long gen = generation;
        loadingOlder.set(true);
        tasks.run(() -> service.messages(id, before, PAGE), page -> {
            if (gen != generation) {
                return;
            }
            loadingOlder.set(false);
            if (countStored(page) < PAGE) {
                reachedStart.set(true);
            }
            // The first message shown stays in place (the day heading above it may be the same row after).
            String firstKey = rows.stream().filter(r -> r instanceof ChatRow.Message).map(ChatRow::key)
                    .findFirst().orElse(null);
            List<ChatMessage> merged = new ArrayList<>(page.stream().filter(m -> !m.pending() && m.seq() < before).toList());
            merged.addAll(messages);
            messages = sorted(dedupe(merged));
            rebuildRows();
            int added = firstKey == null ? 0 : indexOfKey(firstKey) - 1;
            if (added > 0) {
                scroller.accept(new ScrollCommand.KeepAfterPrepend(added));
            }
        }, message -> {
            if (gen == generation) {
                loadingOlder.set(false);
                error.set(message);
            }
        });
    }

    /** New data for the header (presence, typing, muted) from the chat list. */
    public void updateSummary(ChatSummary chatSummary) {
        if (chatSummary == null || !chatSummary.id().equals(chat.get())) {
            return;
        }
        summary = chatSummary;
        title.set(chatSummary.title());
        muted.set(chatSummary.muted());
        group.set(chatSummary.group());
        avatarTag.set(chatSummary.avatarTag());
        member.set(chatSummary.active());
        if (chatSummary.group()) {
            status.set(groupStatus(chatSummary));
        } else if (chatSummary.typing()) {
            status.set("typing…");
        } else if (chatSummary.online()) {
            status.set("online");
        } else if (chatSummary.lastSeenAt() != null) {
            status.set(formats.lastSeen(chatSummary.lastSeenAt()));
        } else {
            status.set("");
        }
        if (chatSummary.unread() > 0) {
            markReadIfUnread();
        }
    }

    /** "Ana is typing…", or "5 members"; "You're no longer a member" once left. */
    private static String groupStatus(ChatSummary chatSummary) {
        if (!chatSummary.active()) {
            return "You're no longer a member";
        }
        String typingNow = chatSummary.typingText();
        if (!typingNow.isEmpty()) {
            return typingNow;
        }
        return chatSummary.memberCount() == 1 ? "1 member" : chatSummary.memberCount() + " members";
    }

    /** Closes the chat (e.g. on log-out); keeps the draft. */
    public void close() {
        saveDraftNow();
        generation++;
        loaded = false;
        chat.set(null);
        avatarTag.set(null);
        summary = null;
        messages = List.of();
        rows.clear();
        setComposeQuietly("");
    }

    private void markReadIfUnread() {
        ConversationId id = chat.get();
        // Not before the read position is loaded: marking read first would move the unread divider away.
        if (id == null || !active.get() || !loaded) {
            return;
        }
        boolean unreadHere = summary != null && summary.unread() > 0;
        boolean unseen = messages.stream().anyMatch(m -> !m.mine() && m.seq() != null);
        if (unreadHere || unseen) {
            tasks.fireAndForget(() -> service.markRead(id));
            if (summary != null && summary.unread() > 0) {
                // Count them read here at once; the list refreshes when the core tells.
                summary = summary.withUnread(0);
            }
        }
    }

    // --- Rows --------------------------------------------------------------------------------------

    private void rebuildRows() {
        List<ChatRow> next = new ArrayList<>();
        LocalDate day = null;
        for (ChatMessage message : messages) {
            if (!message.shown()) {
                continue;
            }
            LocalDate messageDay = formats.day(message.time());
            if (!messageDay.equals(day)) {
                day = messageDay;
                next.add(new ChatRow.DayHeading(day, formats.dayHeading(day)));
            }
            if (dividerSeq != null && dividerSeq.equals(message.seq())) {
                next.add(new ChatRow.UnreadDivider(dividerCount));
            }
            next.add(new ChatRow.Message(message, formats.time(message.time())));
        }
        RowDiff.apply(rows, next);
    }

    private int indexOfKey(String key) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).key().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private int indexOfSeq(long seq) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i) instanceof ChatRow.Message m && Objects.equals(m.message().seq(), seq)) {
                return i;
            }
        }
        return -1;
    }

    // --- Compose -----------------------------------------------------------------------------------

    private void composeChanged(String text) {
        int count = Texts.codePoints(text);
        length.set(count);
        if (count >= COUNTER_FROM) {
            counter.set(String.format("%,d / %,d", count, Limits.MAX_TEXT_CODE_POINTS));
        } else {
            counter.set("");
        }
        if (count > Limits.MAX_TEXT_CODE_POINTS) {
            limitMessage.set(String.format("Too long to send: a message can have up to %,d characters. Remove %,d.",
                    Limits.MAX_TEXT_CODE_POINTS, count - Limits.MAX_TEXT_CODE_POINTS));
        } else {
            limitMessage.set("");
        }
        if (settingCompose) {
            return;
        }
        ConversationId id = chat.get();
        if (id != null && !text.isEmpty()) {
            long now = System.nanoTime();
            if (lastTypingSent == 0 || now - lastTypingSent >= TYPING_EVERY_NANOS) {
                lastTypingSent = now;
                tasks.fireAndForget(() -> service.typing(id));
            }
        }
        saveDraftSoon();
    }

    private void setComposeQuietly(String text) {
        settingCompose = true;
        try {
            compose.set(text);
        } finally {
            settingCompose = false;
        }
    }

    /** Sends what is in the compose box (Enter). */
    public void send() {
        ConversationId id = chat.get();
        if (!canSend.get()) {
            return;
        }
        String text = compose.get().strip();
        setComposeQuietly("");
        lastTypingSent = 0;
        saveDraftNow();
        tasks.run(() -> service.send(id, text), sent -> {
            if (!id.equals(chat.get())) {
                return;
            }
            List<ChatMessage> merged = new ArrayList<>(messages);
            merged.add(sent);
            messages = sorted(dedupe(merged));
            rebuildRows();
            scroller.accept(new ScrollCommand.ToBottom());
        }, message -> {
            error.set(message);
            if (id.equals(chat.get()) && compose.get().isEmpty()) {
                // Nothing was queued: give the text back rather than lose it, and keep it as the draft
                // (quietly: putting it back is not the user typing).
                setComposeQuietly(text);
                saveDraftSoon();
            }
        });
    }

    /** Click on a red "!": queue the failed message again. */
    public void retry(UUID clientMessageId) {
        tasks.run(() -> service.retry(clientMessageId), this::reload, error::set);
    }

    public void dismissError() {
        error.set("");
    }

    private void saveDraftSoon() {
        if (draftSaving) {
            return;
        }
        ConversationId id = chat.get();
        String text = compose.get();
        if (id == null || text.equals(draftSaved)) {
            return;
        }
        draftSaving = true;
        tasks.run(() -> service.saveDraft(id, text), () -> {
            draftSaving = false;
            if (id.equals(chat.get())) {
                draftSaved = text;
                saveDraftSoon();
            }
        }, message -> draftSaving = false);
    }

    /** Saves the current draft now (switching chats, sending, closing the app). */
    public void saveDraftNow() {
        ConversationId id = chat.get();
        if (id == null) {
            return;
        }
        String text = compose.get();
        if (text.equals(draftSaved)) {
            return;
        }
        draftSaved = text;
        tasks.fireAndForget(() -> service.saveDraft(id, text));
    }

    // --- Helpers -----------------------------------------------------------------------------------

    private static List<ChatMessage> sorted(List<ChatMessage> list) {
        return list.stream().sorted(DISPLAY_ORDER).toList();
    }

    /** Later entries win (a queued message replaced by its stored self, a tick that moved on). */
    private static List<ChatMessage> dedupe(List<ChatMessage> list) {
        Map<String, ChatMessage> byKey = new LinkedHashMap<>();
        for (ChatMessage message : list) {
            byKey.put(ChatRow.Message.keyOf(message), message);
        }
        return new ArrayList<>(byKey.values());
    }

    private static long countStored(List<ChatMessage> list) {
        return list.stream().filter(m -> !m.pending()).count();
    }

    private static Long oldestSeq(List<ChatMessage> list) {
        return list.stream().map(ChatMessage::seq).filter(Objects::nonNull).min(Long::compare).orElse(null);
    }

    private static Long newestSeq(List<ChatMessage> list) {
        return list.stream().map(ChatMessage::seq).filter(Objects::nonNull).max(Long::compare).orElse(null);
    }

    static boolean showsTicks(ChatMessage message) {
        return message.mine() && message.status() != null && message.kind() == dev.parley.protocol.model.MessageKind.TEXT;
    }

    /** What the ticks say; for a FAILED message also why the server refused it. */
    static String tickDescription(ChatMessage message) {
        String why = message.failure() == null ? "" : message.failure().strip();
        if (message.status() == DeliveryStatus.FAILED && !why.isEmpty()) {
            return "Not sent: " + (why.endsWith(".") ? why : why + ".") + " Click to try again";
        }
        return tickDescription(message.status());
    }

    static String tickDescription(DeliveryStatus status) {
        return switch (status) {
            case QUEUED -> "Waiting to send";
            case SENT -> "Sent";
            case DELIVERED -> "Delivered";
            case READ -> "Read";
            case FAILED -> "Not sent. Click to try again";
        };
    }
}
