package dev.parley.protocol.rest;

import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Validation;

import java.util.List;

/** POST /api/v1/conversations/{id}/members (admins): adds these users to the group. */
public record AddMembersRequest(List<String> usernames) {
    public AddMembersRequest {
        usernames = GroupRequests.usernames(Validation.required(usernames, "usernames"));
        if (usernames.isEmpty()) {
            throw new ProtocolException("invalid_field", "Name at least one user to add");
        }
    }
}
