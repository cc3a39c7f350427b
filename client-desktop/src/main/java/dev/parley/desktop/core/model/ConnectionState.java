package dev.parley.desktop.core.model;

/** How the app is connected to its server, as the UI shows it. */
public enum ConnectionState {
    /** Socket open, synced: messages flow live. */
    ONLINE,
    /** Trying to (re)connect; the app works from its cache and queues what is sent. */
    CONNECTING,
    /** The server refused this device's session (logged out or revoked elsewhere): log in again. */
    SIGNED_OUT,
    /** The client was closed. */
    CLOSED
}
