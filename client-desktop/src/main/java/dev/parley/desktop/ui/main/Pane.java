package dev.parley.desktop.ui.main;

/** The card shown over the chats, if any (Esc closes it). */
public enum Pane {
    NONE, NEW_CHAT, NEW_GROUP, GROUP_INFO, MESSAGE_INFO, SEARCH, DEVICES, SETTINGS
}
