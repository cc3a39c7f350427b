package dev.parley.protocol.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.parley.protocol.model.MessageView;

import java.util.List;

/** Newest first. {@code nextBefore} is the cursor for the next (older) page; absent at the start of history. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HistoryPage(List<MessageView> messages, Long nextBefore) {
    public HistoryPage {
        messages = List.copyOf(messages);
    }
}
