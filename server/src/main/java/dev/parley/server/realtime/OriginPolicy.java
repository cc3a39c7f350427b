package dev.parley.server.realtime;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser pages may open a socket. Native clients send no Origin and are let through (they
 * still need a token); a browser always sends one, and it must be on the allow-list, so a page on
 * another site cannot ride a user's session.
 */
public final class OriginPolicy {
    private final Set<String> allowed;

    public OriginPolicy(Set<String> allowedOrigins) {
        this.allowed = allowedOrigins.stream().map(OriginPolicy::normalise).collect(Collectors.toUnmodifiableSet());
    }

    public boolean permits(Optional<String> origin) {
        return origin.isEmpty() || allowed.contains(normalise(origin.get()));
    }

    private static String normalise(String origin) {
        String o = origin.strip().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
