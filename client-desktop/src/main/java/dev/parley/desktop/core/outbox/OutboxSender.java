package dev.parley.desktop.core.outbox;

import dev.parley.desktop.core.model.ChatEvent;
import dev.parley.desktop.core.net.LiveConnection;
import dev.parley.desktop.core.store.LocalStore;
import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.MessageKind;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.ws.ClientFrame;
import dev.parley.protocol.ws.ServerFrame;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Sends the persistent outbox, oldest first, one message at a time so that order is kept. A message
 * leaves the outbox only when the server acknowledges it (stored); it is sent again, with the same
 * clientMessageId, after any failure or restart, and the server's idempotency makes that exactly once.
 */
public final class OutboxSender {
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
    /** Refusals that no resend can fix: the message is marked failed for the user to see. */
    private static final Set<String> FINAL = Set.of("text_too_long", "invalid_text", "conversation_not_found",
            "client_message_id_reused", "invalid_field", "missing_field");

    private final LocalStore store;
    private final LiveConnection connection;
    private final UserId me;
    private final DeviceId device;
    private final Consumer<ChatEvent> events;

    public OutboxSender(LocalStore store, LiveConnection connection, UserId me, DeviceId device,
                        Consumer<ChatEvent> events) {
        this.store = store;
        this.connection = connection;
        this.me = me;
        this.device = device;
        this.events = events;
    }

    /** Sends everything queued; stops at the first message that could not be sent now (to retry later). */
    public boolean flush() {
        for (LocalStore.Queued queued : store.outbox()) {
            if (queued.failedCode() != null) {
                continue;
            }
            if (!sendOne(queued)) {
                return false;
            }
        }
        return true;
    }

    private boolean sendOne(LocalStore.Queued queued) {
        ServerFrame answer;
        try {
            answer = connection.request(new ClientFrame.Send(connection.newRequestId(), queued.conversationId(),
                    queued.clientMessageId(), queued.text()), ANSWER_TIMEOUT).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
        switch (answer) {
            case ServerFrame.Ack ack -> {
                store.acknowledged(queued.clientMessageId(), new MessageView(ack.messageId(), ack.conversationId(),
                        ack.seq(), MessageKind.TEXT, me, device, queued.clientMessageId(), queued.text(), null,
                        ack.sentAt()));
                changed(queued);
                return true;
            }
            case ServerFrame.Error error when FINAL.contains(error.code()) -> {
                store.markFailed(queued.clientMessageId(), error.code(), error.message());
                changed(queued);
                return true;
            }
            default -> {
                return false; // rate_limited, internal_error, ...: try again later
            }
        }
    }

    private void changed(LocalStore.Queued queued) {
        events.accept(new ChatEvent.MessagesChanged(queued.conversationId()));
        events.accept(new ChatEvent.ChatsChanged());
    }
}
