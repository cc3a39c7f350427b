package dev.parley.protocol.rest;

import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Validation;

/** PATCH /api/v1/conversations/{id} (admins): each field given is changed, each null left alone. */
public record UpdateGroupRequest(String name, String description, Boolean joinApproval) {
    public UpdateGroupRequest {
        if (name == null && description == null && joinApproval == null) {
            throw new ProtocolException("invalid_field", "Give at least one of name, description or joinApproval");
        }
        if (name != null) {
            name = Validation.groupName(name);
        }
        description = Validation.groupDescription(description);
    }
}
