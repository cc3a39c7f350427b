package dev.parley.server.storage;

/** The two databases Parley runs on. SQL is written once, in the subset both understand. */
public enum Dialect {
    H2, POSTGRESQL;

    /**
     * Whether a batch should be written as statements with array parameters, whose text does not change
     * with the batch size. That saves PostgreSQL a parse and plan per batch and a network round trip per
     * row; embedded H2 has no round trips, and runs its plain statements faster than its array ones.
     */
    public boolean prefersArrayStatements() {
        return this == POSTGRESQL;
    }

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
