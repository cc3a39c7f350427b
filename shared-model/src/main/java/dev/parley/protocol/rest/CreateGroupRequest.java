package dev.parley.protocol.rest;

import dev.parley.protocol.Validation;

import java.util.List;

/** POST /api/v1/conversations/groups: the creator becomes owner; {@code usernames} are added as members. */
public record CreateGroupRequest(String name, String description, List<String> usernames) {
    public CreateGroupRequest {
        name = Validation.groupName(name);
        description = Validation.groupDescription(description);
        usernames = GroupRequests.usernames(usernames == null ? List.of() : usernames);
    }
}
