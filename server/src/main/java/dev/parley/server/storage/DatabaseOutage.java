package dev.parley.server.storage;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Tells a database that cannot be reached (down, restarting, network cut, no pooled connection in
 * time) from any other failure, so requests are refused with the retryable {@code unavailable} instead
 * of {@code internal_error}. Counts refusals in the metric {@code parley.database.unavailable} and logs
 * them at most once per {@link #LOG_EVERY}, not once per request.
 */
public final class DatabaseOutage {
    private static final Logger LOG = Logger.getLogger(DatabaseOutage.class.getName());
    static final Duration LOG_EVERY = Duration.ofSeconds(10);

    private final Clock clock;
    private final Counter refusals = Metrics.getOrCreate(Counter.builder("parley.database.unavailable")
            .description("Requests refused with 'unavailable' because the database could not be reached"));
    private final AtomicReference<Instant> lastLogged = new AtomicReference<>(Instant.MIN);
    private final AtomicLong sinceLogged = new AtomicLong();

    public DatabaseOutage(Clock clock) {
        this.clock = clock;
    }

    /** True when {@code failure} says the database could not be reached, rather than refused the work. */
    public static boolean isUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException || t instanceof ConnectException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08: connection exception; 57P01..03: the server is shutting down, crashed, or starting up.
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                        || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A request was refused because the database is unreachable. */
    public void refused(String what, Throwable cause) {
        refusals.increment();
        long count = sinceLogged.incrementAndGet();
        Instant now = clock.instant();
        Instant last = lastLogged.get();
        if (now.isAfter(last.plus(LOG_EVERY)) && lastLogged.compareAndSet(last, now)) {
            sinceLogged.addAndGet(-count);
            LOG.warning("Database unreachable (" + rootMessage(cause) + "): refused " + count + " request(s) with "
                    + "'unavailable' since the last report, latest " + what + "; nothing was acknowledged, "
                    + "clients retry");
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
