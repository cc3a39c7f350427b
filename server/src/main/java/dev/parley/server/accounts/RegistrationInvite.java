package dev.parley.server.accounts;

import java.time.Instant;

/**
 * A row of {@code registration_invites}. {@code id} is the start of the code's hash: enough to name the
 * invite in a list and to revoke it, useless for registering.
 */
public record RegistrationInvite(String codeHash, Instant createdAt, Instant expiresAt, int usesLeft,
                                 Instant revokedAt, String createdBy) {
    public static final int ID_LENGTH = 12;

    public String id() {
        return codeHash.substring(0, ID_LENGTH);
    }

    public String status(Instant now) {
        if (revokedAt != null) {
            return "revoked";
        }
        if (usesLeft <= 0) {
            return "used up";
        }
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            return "expired";
        }
        return "valid";
    }
}
