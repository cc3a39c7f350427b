package dev.parley.loadtest;

/** The run cannot go on; the message is the one line the user sees. */
public final class LoadTestException extends RuntimeException {
    public LoadTestException(String message) {
        super(message);
    }

    public LoadTestException(String message, Throwable cause) {
        super(message, cause);
    }
}
