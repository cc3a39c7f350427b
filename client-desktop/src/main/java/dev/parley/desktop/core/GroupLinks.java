package dev.parley.desktop.core;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Group invite links look like {@code https://host/join/<code>}; personal ones use {@code /invite/}. */
final class GroupLinks {
    /** Invite codes are base64url (22 characters from the server; any length accepted here). */
    private static final Pattern LINK = Pattern.compile("(?:^|/)join/([A-Za-z0-9_-]+)/?(?:[?#].*)?$");

    private GroupLinks() {
    }

    static Optional<String> codeOf(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = LINK.matcher(text.strip());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
