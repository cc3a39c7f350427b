package dev.parley.server.realtime;

import dev.parley.protocol.ids.UserId;

/** Where other nodes learn that a user's device is connected here (nowhere when there is one node). */
public interface NodeRoutes {
    NodeRoutes SINGLE_NODE = user -> {
    };

    /** Called after the device is registered here and before it is sent anything. */
    void deviceConnected(UserId user);
}
