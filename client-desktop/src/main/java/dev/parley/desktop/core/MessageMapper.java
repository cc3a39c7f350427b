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

/** Turns cached entries and outbox items into what the UI shows: names, ticks, previews. */
final class MessageMapper {
    private final UserView me;
    private final LocalStore store;

    MessageMapper(UserView me, LocalStore store) {
        this.me = me;
        this.store = store;
    }

    /** The members of a chat by user id, read once per mapping batch. */
    Map<UserId, LocalStore.Member> members(ConversationId chat) {
        Map<UserId, LocalStore.Member> byId = new HashMap<>();
        store.members(chat).forEach(m -> byId.put(m.userId(), m));
        return byId;
    }

    ChatMessage stored(LocalStore.Entry e, Map<UserId, LocalStore.Member> members) {
        boolean mine = e.senderId().equals(me.id());
        return new ChatMessage(e.conversationId(), e.seq(), e.clientMessageId(), e.kind(), e.senderId(),
                nameOf(e.senderId(), members), e.text(), e.subjectUserId(),
                e.subjectUserId() == null ? null : nameOf(e.subjectUserId(), members), e.sentAt(), mine,
                mine ? statusOf(e.seq(), members) : null, null);
    }

    ChatMessage live(MessageView m) {
        return stored(new LocalStore.Entry(m.conversationId(), m.seq(), m.id(), m.kind(), m.senderId(),
                m.clientMessageId(), m.text(), m.subjectUserId(), m.sentAt()), members(m.conversationId()));
    }

    ChatMessage queued(LocalStore.Queued q) {
        return new ChatMessage(q.conversationId(), null, q.clientMessageId(), MessageKind.TEXT, me.id(),
                me.displayName(), q.text(), null, null, q.createdAt(), true,
                q.failedCode() == null ? DeliveryStatus.QUEUED : DeliveryStatus.FAILED, q.failedMessage());
    }

    /** Read once every other member read it, delivered once it reached a device of every other member. */
    DeliveryStatus statusOf(long seq, Map<UserId, LocalStore.Member> members) {
        List<LocalStore.Member> others = members.values().stream().filter(m -> !m.userId().equals(me.id())).toList();
        if (others.isEmpty()) {
            return DeliveryStatus.SENT;
        }
        if (others.stream().allMatch(m -> m.readUpTo() >= seq)) {
            return DeliveryStatus.READ;
        }
        if (others.stream().allMatch(m -> m.deliveredUpTo() >= seq)) {
            return DeliveryStatus.DELIVERED;
        }
        return DeliveryStatus.SENT;
    }

    String nameOf(UserId user, Map<UserId, LocalStore.Member> members) {
        if (user.equals(me.id())) {
            return me.displayName();
        }
        LocalStore.Member member = members.get(user);
        return member == null ? "Someone" : member.displayName();
    }

    /** The chat list's one-line preview of an entry. */
    String preview(LocalStore.Entry e, Map<UserId, LocalStore.Member> members) {
        String text = switch (e.kind()) {
            case TEXT -> (e.senderId().equals(me.id()) ? "You: " : "") + e.text();
            case MEMBER_JOINED -> nameOf(e.subjectUserId(), members) + " joined";
            case MEMBER_LEFT -> nameOf(e.subjectUserId(), members) + " left";
            default -> e.kind().wireName(); // group entries: worded by the group work
        };
        return firstLine(text);
    }

    static String firstLine(String text) {
        String line = text.lines().findFirst().orElse("");
        return line.length() > 120 ? line.substring(0, 120) + "…" : line;
    }
}
