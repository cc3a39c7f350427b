package dev.parley.server.storage.backup;

/** A backup or restore that cannot be done, worded for the operator who asked for it. */
public final class BackupException extends RuntimeException {
    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
