package dev.parley.server.support;

/** The storage a test server runs on. Every functional test runs once on each. */
public enum Backend {
    /** Embedded H2 in a temporary data dir, presence in process: the zero-setup default. */
    H2,
    /** The machine's PostgreSQL (a fresh database per run) and Redis (a fresh key prefix per run). */
    POSTGRES_REDIS
}
