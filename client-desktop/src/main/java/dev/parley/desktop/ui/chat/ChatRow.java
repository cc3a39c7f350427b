package dev.parley.desktop.ui.chat;

import dev.parley.desktop.core.model.ChatMessage;

import java.time.LocalDate;

/** One row of an open chat: a day heading, the unread divider, or a message. */
public sealed interface ChatRow {
    /** Identifies the row across reloads, so a changed tick updates the row in place. */
    String key();

    record DayHeading(LocalDate day, String text) implements ChatRow {
        @Override
        public String key() {
            return "day:" + day;
        }
    }

    record UnreadDivider(int count) implements ChatRow {
        @Override
        public String key() {
            return "unread";
        }

        public String text() {
            return count == 1 ? "1 unread message" : count + " unread messages";
        }
    }

    record Message(ChatMessage message, String time) implements ChatRow {
        @Override
        public String key() {
            return keyOf(message);
        }

        static String keyOf(ChatMessage message) {
            return message.clientMessageId() != null ? "msg:" + message.clientMessageId() : "seq:" + message.seq();
        }
    }
}
