package dev.parley.protocol.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.parley.protocol.ids.UserId;

import java.time.Instant;

/** GET /api/v1/me: the account as its owner sees it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProfileView(UserId id, String username, String displayName, String email,
                          InviteView invite, Instant createdAt) {
}
