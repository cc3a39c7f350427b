package dev.parley.desktop.ui.settings;

/** Light, dark, or whatever the operating system uses. */
public enum ThemeChoice {
    SYSTEM("Same as the system"),
    LIGHT("Light"),
    DARK("Dark");

    private final String label;

    ThemeChoice(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
