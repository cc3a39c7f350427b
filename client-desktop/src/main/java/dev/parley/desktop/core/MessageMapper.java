package dev.parley.desktop.core;

import dev.parley.desktop.core.model.ChatMessage;
import dev.parley.desktop.core.model.DeliveryStatus;
import dev.parley.desktop.core.store.LocalStore;
import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.MessageKind;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.model.UserView;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** Turns cached entries and outbox items into what the UI shows: names, ticks, previews, group lines. */
final class MessageMapper {
    private final UserView me;
    private final LocalStore store;
    /** Hears of everyone named whom the cache does not know (to look them up, off this thread). */
    private final BiConsumer<ConversationId, UserId> unknown;

    MessageMapper(UserView me, LocalStore store, BiConsumer<ConversationId, UserId> unknown) {
        this.me = me;
        this.store = store;
        this.unknown = unknown;
    }

    /**
     * What mapping a chat's entries needs, read once per batch: which chat, its members by id, and
     * whether it is a group.
     */
    record Chat(ConversationId id, Map<UserId, LocalStore.Member> members, boolean group) {
    }

    Chat chat(ConversationId id) {
        Map<UserId, LocalStore.Member> byId = new HashMap<>();
        store.members(id).forEach(m -> byId.put(m.userId(), m));
        boolean group = store.conversation(id).map(LocalStore.Conversation::isGroup).orElse(false);
        return new Chat(id, byId, group);
    }

    ChatMessage stored(LocalStore.Entry e, Chat chat) {
        boolean mine = e.senderId().equals(me.id());
        return new ChatMessage(e.conversationId(), e.seq(), e.clientMessageId(), e.kind(), e.senderId(),
                nameOf(e.senderId(), chat), e.text(), e.subjectUserId(),
                e.subjectUserId() == null ? null : nameOf(e.subjectUserId(), chat), e.sentAt(), mine,
                mine ? statusOf(e.seq(), chat) : null, null, note(e, chat), chat.group());
    }

    ChatMessage live(MessageView m) {
        return stored(new LocalStore.Entry(m.conversationId(), m.seq(), m.id(), m.kind(), m.senderId(),
                m.clientMessageId(), m.text(), m.subjectUserId(), m.sentAt()), chat(m.conversationId()));
    }

    ChatMessage queued(LocalStore.Queued q, Chat chat) {
        return new ChatMessage(q.conversationId(), null, q.clientMessageId(), MessageKind.TEXT, me.id(),
                me.displayName(), q.text(), null, null, q.createdAt(), true,
                q.failedCode() == null ? DeliveryStatus.QUEUED : DeliveryStatus.FAILED, q.failedMessage(), null,
                chat.group());
    }

    /**
     * Read once every recipient read it, delivered once it reached a device of every recipient. The
     * recipients are the other members who were members before the entry (a group's newcomers never
     * got older messages, so they do not hold the ticks back).
     */
    DeliveryStatus statusOf(long seq, Chat chat) {
        List<LocalStore.Member> recipients = chat.members().values().stream()
                .filter(m -> !m.userId().equals(me.id()) && m.isRecipientOf(seq)).toList();
        if (recipients.isEmpty()) {
            return DeliveryStatus.SENT;
        }
        if (recipients.stream().allMatch(m -> m.readUpTo() >= seq)) {
            return DeliveryStatus.READ;
        }
        if (recipients.stream().allMatch(m -> m.deliveredUpTo() >= seq)) {
            return DeliveryStatus.DELIVERED;
        }
        return DeliveryStatus.SENT;
    }

    String nameOf(UserId user, Chat chat) {
        if (user.equals(me.id())) {
            return me.displayName();
        }
        LocalStore.Member member = chat.members().get(user);
        if (member != null) {
            return member.displayName();
        }
        // Former members keep their name: everyone ever seen in a chat is remembered. Someone who came
        // and went while this device was away was never seen: asked about, the chat re-renders with it.
        return store.person(user).map(LocalStore.Person::displayName).orElseGet(() -> {
            unknown.accept(chat.id(), user);
            return "Someone";
        });
    }

    /** The line shown for an entry that is not a message; null for messages and the creator's own "joined". */
    String note(LocalStore.Entry e, Chat chat) {
        if (e.kind() == MessageKind.TEXT) {
            return null;
        }
        if (!chat.group()) {
            String who = e.subjectUserId() == null ? nameOf(e.senderId(), chat) : nameOf(e.subjectUserId(), chat);
            return who + (e.kind() == MessageKind.MEMBER_LEFT ? " left the chat" : " joined the chat");
        }
        // At creation the creator's own "joined" (seq 2, right after "created") repeats "created the group".
        if (e.kind() == MessageKind.MEMBER_JOINED && e.seq() == 2 && e.senderId().equals(e.subjectUserId())) {
            return null;
        }
        return GroupNotes.of(e.kind(), actor(e.senderId(), chat), e.subjectUserId() == null ? null
                : actor(e.subjectUserId(), chat), e.text());
    }

    private GroupNotes.Person actor(UserId user, Chat chat) {
        return new GroupNotes.Person(user, user.equals(me.id()), nameOf(user, chat));
    }

    /** The chat list's one-line preview of an entry; in groups, messages say who wrote them. */
    String preview(LocalStore.Entry e, Chat chat) {
        String text;
        if (e.kind() == MessageKind.TEXT) {
            boolean mine = e.senderId().equals(me.id());
            text = mine ? "You: " + e.text() : chat.group() ? nameOf(e.senderId(), chat) + ": " + e.text() : e.text();
        } else {
            String note = note(e, chat);
            text = note == null ? "" : note;
        }
        return firstLine(text);
    }

    static String firstLine(String text) {
        String line = text.lines().findFirst().orElse("");
        return line.length() > 120 ? line.substring(0, 120) + "…" : line;
    }
}
