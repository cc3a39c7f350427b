package dev.parley.desktop.app;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import dev.parley.desktop.ui.settings.ThemeChoice;
import javafx.application.Application;
import javafx.application.ColorScheme;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.scene.Scene;

/** Applies PrimerLight or PrimerDark: the user's choice, or the OS colour scheme where JavaFX knows it. */
final class ThemeController {
    private static final String APP_CSS = ThemeController.class.getResource("/dev/parley/desktop/ui/app.css").toExternalForm();

    private final ObjectProperty<ThemeChoice> choice;
    private final ReadOnlyBooleanWrapper dark = new ReadOnlyBooleanWrapper(false);
    private Scene scene;

    ThemeController(ObjectProperty<ThemeChoice> choice) {
        this.choice = choice;
        choice.addListener((obs, old, now) -> apply());
        Platform.getPreferences().colorSchemeProperty().addListener((obs, old, now) -> apply());
    }

    ReadOnlyBooleanProperty darkProperty() {
        return dark.getReadOnlyProperty();
    }

    void attach(Scene scene) {
        this.scene = scene;
        scene.getStylesheets().add(APP_CSS);
        apply();
    }

    private void apply() {
        boolean useDark = switch (choice.get()) {
            case DARK -> true;
            case LIGHT -> false;
            case SYSTEM -> Platform.getPreferences().getColorScheme() == ColorScheme.DARK;
        };
        dark.set(useDark);
        Application.setUserAgentStylesheet(useDark
                ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
        if (scene != null) {
            scene.getRoot().pseudoClassStateChanged(javafx.css.PseudoClass.getPseudoClass("dark"), useDark);
        }
    }
}
