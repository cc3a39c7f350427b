package dev.parley.loadtest.cli;

/** The command line cannot be understood; the message says why. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
