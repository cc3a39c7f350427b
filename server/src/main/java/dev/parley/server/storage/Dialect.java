package dev.parley.server.storage;

/** The two databases Parley runs on. SQL is written once, in the subset both understand. */
public enum Dialect {
    H2, POSTGRESQL;

    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        throw new IllegalArgumentException("Unsupported database URL (use jdbc:h2: or jdbc:postgresql:): " + jdbcUrl);
    }
}
