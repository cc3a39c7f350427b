package dev.parley.protocol.rest;

import dev.parley.protocol.model.UserView;

import java.util.List;

/**
 * GET /api/v1/conversations/{id}/messages/{seq}/info: who of the members meant to receive an entry
 * (members when it was written, not counting its sender, and still members) has it on a device and
 * who has read it. {@code readBy} and {@code deliveredTo} do not overlap: read implies delivered, so
 * {@code delivered} counts both lists.
 */
public record MessageInfo(long seq, int recipients, int delivered, int read, List<UserView> readBy,
                          List<UserView> deliveredTo, List<UserView> pending) {
    public MessageInfo {
        readBy = List.copyOf(readBy);
        deliveredTo = List.copyOf(deliveredTo);
        pending = List.copyOf(pending);
    }
}
