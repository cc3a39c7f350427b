package dev.parley.desktop.core;

/** A failure told to the user: {@code code} is the server's (or the client's) error code, the message is human. */
public final class ClientException extends RuntimeException {
    private final String code;

    public ClientException(String code, String message) {
        super(message);
        this.code = code;
    }

    public ClientException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
