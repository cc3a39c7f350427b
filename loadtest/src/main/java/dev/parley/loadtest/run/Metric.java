package dev.parley.loadtest.run;

import java.util.Locale;

/** The latencies a phase may measure. */
public enum Metric {
    /** Intended send time to the ack. */
    ACK,
    /** Intended send time to the arrival at one receiver. */
    DELIVER,
    /** Intended send time to the arrival at the last of a group's members. */
    LAST_MEMBER,
    /** A reconnecting device: from its reconnect to having synced everything. */
    CATCH_UP,
    /** A dropped socket ({@code --reconnect}): from its close to the new socket's hello. */
    RECONNECT;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
