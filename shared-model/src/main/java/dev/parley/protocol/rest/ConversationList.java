package dev.parley.protocol.rest;

import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.PresenceView;

import java.util.List;

/** GET /api/v1/conversations: the caller's conversations and the presence of everyone in them. */
public record ConversationList(List<ConversationView> conversations, List<PresenceView> presence) {
    public ConversationList {
        conversations = List.copyOf(conversations);
        presence = List.copyOf(presence);
    }
}
