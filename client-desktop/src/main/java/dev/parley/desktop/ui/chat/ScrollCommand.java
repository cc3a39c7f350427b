package dev.parley.desktop.ui.chat;

/** What the chat view should do with its scroll position after the rows changed. */
public sealed interface ScrollCommand {
    /** Show the newest row (opening a chat, sending, a message arriving while at the bottom). */
    record ToBottom() implements ScrollCommand {
    }

    /** Show this row near the top (the unread divider, a search hit). */
    record ToRow(int index) implements ScrollCommand {
    }

    /** Older rows were put in front: keep the row the user was looking at where it was. */
    record KeepAfterPrepend(int added) implements ScrollCommand {
    }
}
