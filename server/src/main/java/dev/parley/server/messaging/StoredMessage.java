package dev.parley.server.messaging;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.ids.MessageId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.MessageKind;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code messages} as stored: the body still sealed. */
public record StoredMessage(MessageId id, ConversationId conversationId, long seq, MessageKind kind, UserId senderId,
                            DeviceId senderDeviceId, UUID clientMessageId, UserId subjectUserId, byte[] body,
                            String keyId, Instant sentAt) {
}
