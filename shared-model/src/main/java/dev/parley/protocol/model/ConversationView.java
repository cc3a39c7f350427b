package dev.parley.protocol.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.parley.protocol.ids.ConversationId;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A conversation as one user sees it; {@code lastSeq} is the seq of its newest log entry that user may
 * read. {@code name} and {@code description} are set for groups only. {@code active} is false once the
 * user has left or was removed: then {@code members} is empty and {@code lastSeq} stays at the entry
 * that ended their membership. {@code joinApproval} tells whether joining by the group's invite link
 * waits for an admin. {@code avatarTag} names the group's current picture (null when it has none): it
 * changes with every new picture, so a client fetches {@code GET .../avatar} again only when it differs.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConversationView(ConversationId id, ConversationKind kind, Instant createdAt, long lastSeq,
                               List<MemberView> members, String name, String description, boolean active,
                               boolean joinApproval, String avatarTag) {
    public ConversationView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(createdAt, "createdAt");
        members = List.copyOf(members);
    }

    public boolean isGroup() {
        return kind == ConversationKind.GROUP;
    }
}
