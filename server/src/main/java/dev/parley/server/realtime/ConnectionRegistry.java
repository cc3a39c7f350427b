package dev.parley.server.realtime;

import dev.parley.protocol.codec.JsonCodec;
import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.accounts.SessionListener;
import io.helidon.websocket.WsCloseCodes;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The devices connected to this node, by user: the local {@link Fanout}. */
public final class ConnectionRegistry implements Fanout, SessionListener {
    private final Map<UserId, Set<DeviceConnection>> byUser = new ConcurrentHashMap<>();
    private final Map<DeviceId, DeviceConnection> byDevice = new ConcurrentHashMap<>();

    /** Registers a connection, replacing an older one of the same device. */
    public void add(DeviceConnection connection) {
        DeviceConnection previous = byDevice.put(connection.deviceId(), connection);
        if (previous != null && previous != connection) {
            // The same device reconnected before its old socket was noticed as dead.
            previous.close(WsCloseCodes.NORMAL_CLOSE, "Replaced by a newer connection of this device");
        }
        byUser.compute(connection.userId(), (user, set) -> {
            Set<DeviceConnection> devices = set == null ? ConcurrentHashMap.newKeySet() : set;
            if (previous != null) {
                devices.remove(previous);
            }
            devices.add(connection);
            return devices;
        });
    }

    /**
     * Unregisters a connection. False when it was no longer registered: a newer connection of the same
     * device replaced it, and that one now speaks for the device (its presence included).
     */
    public boolean remove(DeviceConnection connection) {
        boolean registered = byDevice.remove(connection.deviceId(), connection);
        byUser.computeIfPresent(connection.userId(), (user, devices) -> {
            devices.remove(connection);
            return devices.isEmpty() ? null : devices;
        });
        return registered;
    }

    public boolean isOnline(UserId user) {
        return byUser.containsKey(user);
    }

    public List<DeviceConnection> all() {
        return List.copyOf(byDevice.values());
    }

    public int size() {
        return byDevice.size();
    }

    private final JsonCodec codec;

    public ConnectionRegistry(JsonCodec codec) {
        this.codec = codec;
    }

    @Override
    public void toUsers(Collection<UserId> users, ServerFrame frame, DeviceId exceptDevice) {
        encodeOnceFor(users, exceptDevice, () -> EncodedFrame.of(frame, codec.encode(frame)));
    }

    @Override
    public void toUsersAgain(Collection<UserId> users, ServerFrame.Message frame, DeviceId exceptDevice) {
        encodeOnceFor(users, exceptDevice, () -> EncodedFrame.again(codec.encode(frame)));
    }

    private void encodeOnceFor(Collection<UserId> users, DeviceId exceptDevice, Supplier<EncodedFrame> encode) {
        EncodedFrame[] encoded = new EncodedFrame[1]; // encoded once, and only if a device here gets it
        forEachRecipient(users, exceptDevice, device -> {
            if (encoded[0] == null) {
                encoded[0] = encode.get();
            }
            device.sendEncoded(encoded[0]);
        });
    }

    /** {@link #toUsers} for a frame that is already encoded (one relayed from another node). */
    public void toUsersEncoded(Collection<UserId> users, EncodedFrame encodedFrame, DeviceId exceptDevice) {
        forEachRecipient(users, exceptDevice, device -> device.sendEncoded(encodedFrame));
    }

    private void forEachRecipient(Collection<UserId> users, DeviceId exceptDevice, Consumer<DeviceConnection> send) {
        for (UserId user : users) {
            Set<DeviceConnection> devices = byUser.get(user);
            if (devices == null) {
                continue;
            }
            for (DeviceConnection device : devices) {
                if (!device.deviceId().equals(exceptDevice)) {
                    send.accept(device);
                }
            }
        }
    }

    /** The users with at least one device connected here. */
    public Set<UserId> users() {
        return Set.copyOf(byUser.keySet());
    }

    /** Sends one frame to every device connected here. */
    public void toEveryone(ServerFrame frame) {
        EncodedFrame encoded = EncodedFrame.of(frame, codec.encode(frame));
        for (DeviceConnection device : byDevice.values()) {
            device.sendEncoded(encoded);
        }
    }

    /** A logged-out or revoked device loses its socket at once. */
    @Override
    public void sessionsEnded(Collection<DeviceId> devices) {
        for (DeviceId device : devices) {
            DeviceConnection connection = byDevice.get(device);
            if (connection != null) {
                connection.close(WsCloseCodes.VIOLATED_POLICY, "Session ended");
            }
        }
    }
}
