package dev.parley.protocol.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Objects;
import java.util.UUID;

/** Identifies a conversation (a direct chat or a group). */
public record ConversationId(@JsonValue UUID value) {
    public ConversationId {
        Objects.requireNonNull(value, "value");
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ConversationId of(UUID value) {
        return new ConversationId(value);
    }

    public static ConversationId parse(String text) {
        return new ConversationId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
