package dev.parley.protocol.model;

import dev.parley.protocol.ids.ConversationId;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** A conversation as one member sees it; {@code lastSeq} is the seq of its newest log entry. */
public record ConversationView(ConversationId id, ConversationKind kind, Instant createdAt, long lastSeq,
                               List<MemberView> members) {
    public ConversationView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(createdAt, "createdAt");
        members = List.copyOf(members);
    }
}
