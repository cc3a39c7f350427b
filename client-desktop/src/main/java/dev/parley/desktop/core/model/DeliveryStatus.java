package dev.parley.desktop.core.model;

/** The ticks of one's own message. */
public enum DeliveryStatus {
    /** In the local outbox, not yet acknowledged by the server (clock icon). */
    QUEUED,
    /** Stored by the server (✓). */
    SENT,
    /** Reached a device of every other member (✓✓). */
    DELIVERED,
    /** Read by every other member (blue ✓✓). */
    READ,
    /** The server refused it for good (red "!", click to retry). */
    FAILED
}
