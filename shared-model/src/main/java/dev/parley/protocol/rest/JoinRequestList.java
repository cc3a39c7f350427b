package dev.parley.protocol.rest;

import dev.parley.protocol.model.UserView;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** GET /api/v1/conversations/{id}/join-requests (admins): who asked to join by link, oldest first. */
public record JoinRequestList(List<Entry> requests) {
    public JoinRequestList {
        requests = List.copyOf(requests);
    }

    public record Entry(UserView user, Instant requestedAt) {
        public Entry {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(requestedAt, "requestedAt");
        }
    }
}
