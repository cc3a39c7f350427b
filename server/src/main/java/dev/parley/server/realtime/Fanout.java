package dev.parley.server.realtime;

import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.ws.ServerFrame;

import java.util.Collection;

/**
 * Delivers a frame to every connected device of some users. Called only after whatever the frame
 * announces is committed. Today one node delivers to its own sockets ({@link ConnectionRegistry});
 * devices on other nodes catch up by sync until a cross-node relay implements this interface.
 */
public interface Fanout {
    /** Sends to every connected device of {@code users} except {@code exceptDevice} (may be null). */
    void toUsers(Collection<UserId> users, ServerFrame frame, DeviceId exceptDevice);

    /**
     * {@link #toUsers} for an entry pushed again because its sender resent it: the metrics count it as
     * such, not as a new delivery to time.
     */
    void toUsersAgain(Collection<UserId> users, ServerFrame.Message frame, DeviceId exceptDevice);

    default void toUsers(Collection<UserId> users, ServerFrame frame) {
        toUsers(users, frame, null);
    }
}
