package dev.parley.protocol.rest;

import dev.parley.protocol.Validation;
import dev.parley.protocol.model.MemberRole;

/**
 * PUT /api/v1/conversations/{id}/members/{userId}/role: admins make members admins; the owner also
 * makes admins members again, and hands over ownership with {@code owner} (becoming an admin).
 */
public record ChangeRoleRequest(MemberRole role) {
    public ChangeRoleRequest {
        Validation.required(role, "role");
    }
}
