package dev.parley.protocol.rest;

import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Validation;

/** POST /api/v1/conversations/direct: with exactly one of a username or an invite code. */
public record StartDirectChatRequest(String username, String inviteCode) {
    public StartDirectChatRequest {
        if ((username == null) == (inviteCode == null)) {
            throw new ProtocolException("invalid_field", "Give exactly one of username or inviteCode");
        }
        if (username != null) {
            username = Validation.username(username);
        }
        if (inviteCode != null) {
            inviteCode = inviteCode.strip();
        }
    }
}
