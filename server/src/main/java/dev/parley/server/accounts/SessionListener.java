package dev.parley.server.accounts;

import dev.parley.protocol.ids.DeviceId;

import java.util.Collection;

/** Told when device sessions end (logout, revoke, password change) so live sockets can be closed. */
@FunctionalInterface
public interface SessionListener {
    void sessionsEnded(Collection<DeviceId> devices);
}
