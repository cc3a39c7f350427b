package dev.parley.server.messaging;

import dev.parley.protocol.ids.MessageId;
import dev.parley.protocol.model.MessageView;
import dev.parley.server.crypto.MessageCipher;

import java.nio.ByteBuffer;

/** Seals text bodies for storage and opens stored rows into the protocol's {@link MessageView}. */
public final class MessageSealer {
    private final MessageCipher cipher;

    public MessageSealer(MessageCipher cipher) {
        this.cipher = cipher;
    }

    public MessageCipher.Sealed seal(MessageId id, String text) {
        return cipher.seal(text, associatedData(id));
    }

    public MessageView open(StoredMessage m) {
        String text = m.body() == null ? null : cipher.open(m.keyId(), m.body(), associatedData(m.id()));
        return new MessageView(m.id(), m.conversationId(), m.seq(), m.kind(), m.senderId(), m.senderDeviceId(),
                m.clientMessageId(), text, m.subjectUserId(), m.sentAt());
    }

    private static byte[] associatedData(MessageId id) {
        return ByteBuffer.allocate(16)
                .putLong(id.value().getMostSignificantBits())
                .putLong(id.value().getLeastSignificantBits())
                .array();
    }
}
