package dev.parley.desktop.core.model;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.UserView;

/**
 * What changed, told to the UI from background threads (the UI hops to the FX thread itself). Events
 * say what to reload, not the data: the cache is the one source the UI reads.
 */
public sealed interface ChatEvent {
    record ConnectionChanged(ConnectionState state) implements ChatEvent {
    }

    /** The chat list changed (new chat, new last message, unread count, presence, typing). */
    record ChatsChanged() implements ChatEvent {
    }

    /** Entries of one chat were added or changed (new message, ticks, failure). */
    record MessagesChanged(ConversationId conversationId) implements ChatEvent {
    }

    /** Someone else's message arrived live: the UI may notify. */
    record MessageArrived(ChatMessage message) implements ChatEvent {
    }

    /** Another member is typing in a chat (shows for a few seconds). */
    record Typing(ConversationId conversationId, UserId userId) implements ChatEvent {
    }

    /** A group's name, members, roles or settings changed (the info pane reloads). */
    record GroupChanged(ConversationId conversationId) implements ChatEvent {
    }

    /** Someone asked to join a group this user administers (by its invite link, with approval on). */
    record JoinRequested(ConversationId conversationId, String groupName, UserView user) implements ChatEvent {
    }
}
