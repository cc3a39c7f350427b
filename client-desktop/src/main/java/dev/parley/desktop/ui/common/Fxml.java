package dev.parley.desktop.ui.common;

import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;

/** Loads a view's FXML (next to the view class) with the view itself as controller. */
public final class Fxml {
    private Fxml() {
    }

    public static <T extends Parent> T load(Object view, String name) {
        URL url = view.getClass().getResource(name);
        if (url == null) {
            throw new IllegalStateException("Missing FXML " + name + " for " + view.getClass().getName());
        }
        FXMLLoader loader = new FXMLLoader(url);
        loader.setController(view);
        try {
            return loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot load " + url, e);
        }
    }
}
