package dev.parley.desktop.ui.settings;

import dev.parley.desktop.ui.common.Tasks;
import dev.parley.protocol.ParleyVersion;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/** The app's own settings (theme, notification previews), kept in settings.properties in the data folder. */
public final class SettingsViewModel {
    private static final System.Logger LOG = System.getLogger(SettingsViewModel.class.getName());

    private final Path file;
    private final Tasks tasks;
    private final ObjectProperty<ThemeChoice> theme = new SimpleObjectProperty<>(ThemeChoice.SYSTEM);
    private final BooleanProperty hidePreview = new SimpleBooleanProperty(false);
    private boolean loading;

    public SettingsViewModel(Path file, Tasks tasks) {
        this.file = file;
        this.tasks = tasks;
        theme.addListener((obs, old, now) -> save());
        hidePreview.addListener((obs, old, now) -> save());
    }

    /** "Parley Desktop 0.1.0": what this app is, for the settings card. */
    public String appVersion() {
        return "Parley Desktop " + ParleyVersion.current();
    }

    public ObjectProperty<ThemeChoice> themeProperty() {
        return theme;
    }

    /** Notifications say "New message" instead of showing the text. */
    public BooleanProperty hidePreviewProperty() {
        return hidePreview;
    }

    /** Reads the settings file; blocking, for the app's start (before the window shows). */
    public void loadNow() {
        Properties properties = new Properties();
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Cannot read " + file + "; using defaults", e);
            }
        }
        loading = true;
        try {
            try {
                theme.set(ThemeChoice.valueOf(properties.getProperty("theme", "SYSTEM")));
            } catch (IllegalArgumentException e) {
                theme.set(ThemeChoice.SYSTEM);
            }
            hidePreview.set(Boolean.parseBoolean(properties.getProperty("notifications.hidePreview", "false")));
        } finally {
            loading = false;
        }
    }

    /** The quick toggle in the header: light ↔ dark (leaves "follow the system"). */
    public void toggleTheme(boolean currentlyDark) {
        theme.set(currentlyDark ? ThemeChoice.LIGHT : ThemeChoice.DARK);
    }

    private void save() {
        if (loading) {
            return;
        }
        Properties properties = new Properties();
        properties.setProperty("theme", theme.get().name());
        properties.setProperty("notifications.hidePreview", Boolean.toString(hidePreview.get()));
        tasks.fireAndForget(() -> write(properties));
    }

    private synchronized void write(Properties properties) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer writer = Files.newBufferedWriter(temp)) {
            properties.store(writer, "Parley Desktop settings");
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
