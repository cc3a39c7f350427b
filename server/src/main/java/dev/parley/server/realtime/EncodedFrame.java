package dev.parley.server.realtime;

import dev.parley.protocol.ws.ServerFrame;

/**
 * A frame encoded once for all its recipients, with what the metrics count when it is written to a
 * device's socket: nothing, a live log entry (timed from when it was stored), an entry pushed again for
 * a resend, or a sync page of {@code entries} entries.
 */
public record EncodedFrame(String text, Counted counted, int entries, long storedAtMillis) {
    public enum Counted {
        NOTHING, LIVE, AGAIN, SYNC
    }

    public static EncodedFrame plain(String text) {
        return new EncodedFrame(text, Counted.NOTHING, 0, 0);
    }

    /** {@code text} is {@code frame} encoded; a message frame counts as a live delivery of its entry. */
    public static EncodedFrame of(ServerFrame frame, String text) {
        if (frame instanceof ServerFrame.Message message) {
            return live(text, message.message().sentAt().toEpochMilli());
        }
        if (frame instanceof ServerFrame.SyncBatch batch) {
            return new EncodedFrame(text, Counted.SYNC, batch.messages().size(), 0);
        }
        return plain(text);
    }

    public static EncodedFrame live(String text, long storedAtMillis) {
        return new EncodedFrame(text, Counted.LIVE, 1, storedAtMillis);
    }

    /** An entry devices may hold already, pushed again because its sender resent it. */
    public static EncodedFrame again(String text) {
        return new EncodedFrame(text, Counted.AGAIN, 1, 0);
    }
}
