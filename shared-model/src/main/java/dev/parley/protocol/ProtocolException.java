package dev.parley.protocol;

import java.util.Objects;

/**
 * A request that breaks the protocol's rules. {@link #code()} is the stable, machine-readable error
 * code that clients switch on; the message is for people.
 */
public final class ProtocolException extends RuntimeException {
    private final String code;

    public ProtocolException(String code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public String code() {
        return code;
    }
}
