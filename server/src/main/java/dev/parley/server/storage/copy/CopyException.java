package dev.parley.server.storage.copy;

/** A reason the copy cannot start or did not complete, worded for the operator who ran it. */
public final class CopyException extends RuntimeException {
    public CopyException(String message) {
        super(message);
    }

    public CopyException(String message, Throwable cause) {
        super(message, cause);
    }
}
