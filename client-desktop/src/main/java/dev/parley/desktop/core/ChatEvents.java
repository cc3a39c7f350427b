package dev.parley.desktop.core;

import dev.parley.desktop.core.model.ChatEvent;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Hands events to every subscriber; one failing subscriber does not stop the others. */
final class ChatEvents {
    private static final Logger LOG = Logger.getLogger(ChatEvents.class.getName());

    private final List<Consumer<ChatEvent>> listeners = new CopyOnWriteArrayList<>();

    AutoCloseable subscribe(Consumer<ChatEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    void publish(ChatEvent event) {
        for (Consumer<ChatEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "An event listener failed on " + event, e);
            }
        }
    }
}
