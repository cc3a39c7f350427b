package dev.parley.server.accounts;

import java.util.Arrays;
import java.util.Optional;

/** Who may create an account with {@code POST /api/v1/accounts}; admins create accounts whatever the mode. */
public enum RegistrationMode {
    /** Anyone. */
    OPEN("open"),
    /** Whoever has a valid registration invite. */
    INVITE_ONLY("invite-only"),
    /** Nobody. */
    CLOSED("closed");

    private final String wireName;

    RegistrationMode(String wireName) {
        this.wireName = wireName;
    }

    /** The name stored in the database and typed on the command line. */
    public String wireName() {
        return wireName;
    }

    public static Optional<RegistrationMode> of(String name) {
        return Arrays.stream(values()).filter(m -> m.wireName.equals(name)).findFirst();
    }
}
