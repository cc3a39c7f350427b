package dev.parley.desktop.core;

import dev.parley.desktop.core.model.ChatEvent;
import dev.parley.desktop.core.model.ChatMessage;
import dev.parley.desktop.core.model.ChatSummary;
import dev.parley.desktop.core.model.ConnectionState;
import dev.parley.desktop.core.model.SearchHit;
import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.model.UserView;
import dev.parley.protocol.rest.DeviceView;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Everything the UI asks of a logged-in account. Reads come from the local cache and work offline;
 * sends go through the persistent outbox. Methods may block on disk or network: call them off the FX
 * thread. Failures are {@link ClientException}s with a message fit for the user.
 */
public interface ChatService extends AutoCloseable {
    UserView me();

    ConnectionState connectionState();

    /** Chats by last activity, newest first. */
    List<ChatSummary> chats();

    /**
     * Up to {@code limit} entries of a chat older than {@code beforeSeq} (null: the newest), in display
     * order (oldest first), queued messages last. Served from the cache; fetched from the server when
     * the cache does not reach that far back.
     */
    List<ChatMessage> messages(ConversationId chat, Long beforeSeq, int limit);

    /** The seq up to which this user had read the chat (for the "N unread messages" divider). */
    long readUpTo(ConversationId chat);

    /** Queues a message in the outbox (shown at once with a clock) and sends it when connected. */
    ChatMessage send(ConversationId chat, String text);

    /** Queues a FAILED message again. */
    void retry(UUID clientMessageId);

    /** Marks everything in the chat read, here and on the server (and so on the user's other devices). */
    void markRead(ConversationId chat);

    /** Tells the other members this user is typing (rate-limited here and by the server). */
    void typing(ConversationId chat);

    /**
     * Starts (or opens) the direct chat with a username or an invite link/code; a group's invite link
     * ({@code …/join/<code>}) joins that group (a {@code join_pending} failure says an admin must let
     * this user in first).
     */
    ConversationId startChat(String usernameOrInvite);

    String inviteLink();

    /** Group chats: creating, managing, joining by link, receipts per member. */
    GroupService groups();

    List<SearchHit> search(String query);

    Optional<String> draft(ConversationId chat);

    void saveDraft(ConversationId chat, String text);

    void setMuted(ConversationId chat, boolean muted);

    List<DeviceView> devices();

    void logOutDevice(DeviceId device);

    void logOutOtherDevices();

    /** Ends this device's session on the server and forgets it here. */
    void logOut();

    /** Events from background threads; returns what stops them. */
    AutoCloseable subscribe(Consumer<ChatEvent> listener);

    @Override
    void close();
}
