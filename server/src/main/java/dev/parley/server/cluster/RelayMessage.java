package dev.parley.server.cluster;

import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.ids.UserId;
import dev.parley.server.realtime.EncodedFrame;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What one node tells the others over Redis pub/sub. Text, one line per message: a kind letter and
 * fields separated by {@code |}; an encoded server frame, which may itself contain {@code |}, is always
 * the last field. Frames are "F2": since they carry what the metrics count, a node of an older version
 * (which knew only "F") ignores them with a warning rather than passing a mangled frame to its devices.
 */
sealed interface RelayMessage {
    /** The node that published it; a node ignores its own broadcasts. */
    String origin();

    String encode();

    /**
     * A server frame for the devices of {@code users} connected to the receiving node, except one device,
     * with what the receiving node's metrics count when it writes it (a live entry is timed from when it
     * was stored, on the storing node's clock).
     */
    record Frame(String origin, DeviceId exceptDevice, List<UserId> users, EncodedFrame frame) implements RelayMessage {
        public Frame {
            users = List.copyOf(users);
        }

        @Override
        public String encode() {
            return "F2|" + origin + "|" + (exceptDevice == null ? "-" : exceptDevice) + "|"
                    + users.stream().map(UserId::toString).collect(Collectors.joining(",")) + "|"
                    + counted(frame) + "|" + frame.text();
        }

        private static String counted(EncodedFrame frame) {
            return switch (frame.counted()) {
                case NOTHING -> "-";
                case LIVE -> "L" + frame.storedAtMillis();
                case AGAIN -> "A";
                case SYNC -> "S" + frame.entries();
            };
        }

        private static EncodedFrame frame(String counted, String text) {
            return switch (counted.isEmpty() ? '?' : counted.charAt(0)) {
                case '-' -> EncodedFrame.plain(text);
                case 'L' -> EncodedFrame.live(text, Long.parseLong(counted.substring(1)));
                case 'A' -> EncodedFrame.again(text);
                case 'S' -> new EncodedFrame(text, EncodedFrame.Counted.SYNC, Integer.parseInt(counted.substring(1)), 0);
                default -> throw new IllegalArgumentException("Bad frame relay message: counted as " + counted);
            };
        }
    }

    /** These device sessions ended (logout, revoke): their sockets, wherever connected, close. */
    record SessionsEnded(String origin, List<DeviceId> devices) implements RelayMessage {
        public SessionsEnded {
            devices = List.copyOf(devices);
        }

        @Override
        public String encode() {
            return "E|" + origin + "|" + devices.stream().map(DeviceId::toString).collect(Collectors.joining(","));
        }
    }

    /** Frames from {@code origin} were dropped while Redis was unreachable: every device should sync. */
    record SyncNeeded(String origin, String reason) implements RelayMessage {
        @Override
        public String encode() {
            return "S|" + origin + "|" + reason;
        }
    }

    /** Reads what {@link #encode()} wrote; throws IllegalArgumentException for anything else. */
    static RelayMessage decode(String text) {
        String[] head = text.split("\\|", 2);
        if (head.length < 2) {
            throw new IllegalArgumentException("Not a relay message: " + abbreviate(text));
        }
        return switch (head[0]) {
            case "F2" -> {
                String[] f = head[1].split("\\|", 5);
                if (f.length < 5) {
                    throw new IllegalArgumentException("Bad frame relay message: " + abbreviate(text));
                }
                DeviceId except = f[1].equals("-") ? null : DeviceId.parse(f[1]);
                List<UserId> users = f[2].isEmpty() ? List.of()
                        : Arrays.stream(f[2].split(",")).map(UserId::parse).toList();
                yield new Frame(f[0], except, users, Frame.frame(f[3], f[4]));
            }
            case "E" -> {
                String[] f = head[1].split("\\|", 2);
                List<DeviceId> devices = f.length < 2 || f[1].isEmpty() ? List.of()
                        : Arrays.stream(f[1].split(",")).map(DeviceId::parse).toList();
                yield new SessionsEnded(f[0], devices);
            }
            case "S" -> {
                String[] f = head[1].split("\\|", 2);
                yield new SyncNeeded(f[0], f.length < 2 ? "" : f[1]);
            }
            default -> throw new IllegalArgumentException("Unknown relay message kind: " + abbreviate(text));
        };
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
