package dev.parley.desktop.ui.common;

import dev.parley.protocol.ids.ConversationId;
import javafx.scene.image.Image;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Group pictures decoded for the screen, shared by the chat list, the chat header and the info pane:
 * one load per picture (a chat and its {@code avatarTag}), however many places show it. FX thread only.
 */
public final class AvatarImages {
    /** Loads a group's current picture off the FX thread and answers on it (null: none). */
    @FunctionalInterface
    public interface Loader {
        void load(ConversationId chat, Consumer<byte[]> onLoaded);
    }

    private static final int KEPT = 200;
    /** A picture that could not be loaded (offline, say) is not asked for again at every repaint. */
    private static final long RETRY_AFTER_NANOS = 60_000_000_000L;

    private final Loader loader;
    private final Map<String, Image> images = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Image> eldest) {
            return size() > KEPT;
        }
    };
    private final Map<String, List<Consumer<Image>>> waiting = new LinkedHashMap<>();
    private final Map<String, Long> missingSince = new LinkedHashMap<>();

    public AvatarImages(Loader loader) {
        this.loader = loader;
    }

    /**
     * Hands {@code show} the picture named {@code tag}: at once when it is decoded already, else once it
     * is loaded; null when there is none (no tag, or it could not be loaded).
     */
    public void image(ConversationId chat, String tag, Consumer<Image> show) {
        if (chat == null || tag == null) {
            show.accept(null);
            return;
        }
        String key = chat + "/" + tag;
        Image known = images.get(key);
        if (known != null) {
            show.accept(known);
            return;
        }
        Long missing = missingSince.get(key);
        if (missing != null && System.nanoTime() - missing < RETRY_AFTER_NANOS) {
            show.accept(null);
            return;
        }
        List<Consumer<Image>> queue = waiting.get(key);
        if (queue != null) {
            queue.add(show);
            return;
        }
        queue = new ArrayList<>();
        queue.add(show);
        waiting.put(key, queue);
        loader.load(chat, bytes -> {
            Image image = bytes == null ? null : new Image(new ByteArrayInputStream(bytes));
            if (image != null && !image.isError()) {
                images.put(key, image);
                missingSince.remove(key);
            } else {
                image = null;
                missingSince.put(key, System.nanoTime());
            }
            List<Consumer<Image>> done = waiting.remove(key);
            for (Consumer<Image> each : done == null ? List.<Consumer<Image>>of() : done) {
                each.accept(image);
            }
        });
    }
}
