package dev.parley.desktop.ui.common;

/** Small text helpers shared by views and ViewModels. */
public final class Texts {
    private Texts() {
    }

    public static int codePoints(String text) {
        return text == null ? 0 : text.codePointCount(0, text.length());
    }

    /** "AB" for "Alice Barnes", "A" for "alice". */
    public static String initials(String name) {
        if (name == null || name.isBlank()) {
            return "?";
        }
        String[] words = name.strip().split("\\s+");
        StringBuilder initials = new StringBuilder();
        for (int i = 0; i < words.length && initials.length() < 2; i++) {
            initials.appendCodePoint(Character.toUpperCase(words[i].codePointAt(0)));
        }
        return initials.toString();
    }

    /** One line of a message for previews and notifications. */
    public static String preview(String text, int maxCodePoints) {
        if (text == null) {
            return "";
        }
        String line = text.strip().replaceAll("\\s+", " ");
        if (codePoints(line) <= maxCodePoints) {
            return line;
        }
        return line.substring(0, line.offsetByCodePoints(0, maxCodePoints)) + "…";
    }
}
