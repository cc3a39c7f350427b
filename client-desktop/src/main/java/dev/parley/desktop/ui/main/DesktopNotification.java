package dev.parley.desktop.ui.main;

import dev.parley.protocol.ids.ConversationId;

/** A desktop notification to show; clicking it opens {@code chat}. */
public record DesktopNotification(ConversationId chat, String title, String text) {
}
