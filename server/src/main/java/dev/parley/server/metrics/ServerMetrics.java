package dev.parley.server.metrics;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Timer;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The counters and the delivery-latency histogram operators watch (docs/METRICS.md), in Helidon's
 * registry, which {@code /observe/metrics} publishes. Every meter is looked up once, here; the send and
 * delivery paths only increment what they hold. They count for the whole process (one server per JVM
 * in production), so they carry no node tag; gauges of one server are in {@link NodeGauges}.
 */
public final class ServerMetrics {
    /** Where an error answer went. */
    public enum Transport {
        REST("rest"), WEBSOCKET("websocket");

        private final String tag;

        Transport(String tag) {
            this.tag = tag;
        }
    }

    /**
     * Error codes are a closed set (docs/PROTOCOL.md §5) written in the server's code; these bounds only
     * guard the tag's cardinality should a code ever be built from input by mistake.
     */
    private static final Pattern CODE = Pattern.compile("[a-z][a-z_]{0,47}");
    private static final int MAX_CODES = 100;
    private static final String OTHER_CODE = "other";

    /** Fine near the bottom for a node delivering at once, coarse above for backlogs and other nodes. */
    private static final Duration[] LATENCY_BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10)};

    private final Counter sent = Metrics.getOrCreate(Counter.builder("parley.messages.sent")
            .description("New messages stored from users' sends; a resend of a stored clientMessageId is not "
                    + "counted"));
    private final Counter deliveredLive = delivered("live");
    private final Counter deliveredAgain = delivered("again");
    private final Counter deliveredBySync = delivered("sync");
    private final Timer latency = Metrics.getOrCreate(Timer.builder("parley.delivery.latency")
            .description("From when a log entry was stored (its sentAt) to when its live message frame was "
                    + "written to a recipient device's socket on this node")
            .buckets(LATENCY_BUCKETS)
            // No client-side percentiles (Helidon adds six by default): they cannot be aggregated across
            // nodes, and each costs work per delivery; histogram_quantile over the buckets does it.
            .percentiles(new double[0]));
    private final Counter syncRequests = Metrics.getOrCreate(Counter.builder("parley.sync.requests")
            .description("Sync frames answered (each answer is one page)"));
    private final Map<Transport, Map<String, Counter>> errors = new EnumMap<>(Transport.class);

    public ServerMetrics() {
        for (Transport transport : Transport.values()) {
            errors.put(transport, new ConcurrentHashMap<>());
        }
    }

    private static Counter delivered(String via) {
        return Metrics.getOrCreate(Counter.builder("parley.messages.delivered")
                .description("Log entries written to devices' sockets, one per entry per device: via=live "
                        + "pushed when stored, via=again pushed again for a resend, via=sync in a sync page")
                .tags(Metrics.tags("via", via)));
    }

    /** A user's send stored a new message. */
    public void messageStored() {
        sent.increment();
    }

    /** A live message frame, for an entry stored at {@code storedAtMillis}, went to a device's socket. */
    public void deliveredLive(long storedAtMillis, long nowMillis) {
        deliveredLive.increment();
        // Stored on another node whose clock is ahead: not a negative latency.
        latency.record(Math.max(0, nowMillis - storedAtMillis), TimeUnit.MILLISECONDS);
    }

    /** A message frame pushed again for a resend went to a device's socket (not timed: it is not new). */
    public void deliveredAgain() {
        deliveredAgain.increment();
    }

    /** A sync page with {@code entries} entries went to a device's socket. */
    public void deliveredBySync(int entries) {
        if (entries > 0) {
            deliveredBySync.increment(entries);
        }
    }

    public void syncRequested() {
        syncRequests.increment();
    }

    /** An error answer with {@code code} was sent. */
    public void error(Transport transport, String code) {
        Map<String, Counter> byCode = errors.get(transport);
        Counter counter = byCode.get(code);
        if (counter == null) {
            String tag = code != null && CODE.matcher(code).matches() && byCode.size() < MAX_CODES ? code : OTHER_CODE;
            counter = byCode.computeIfAbsent(tag, c -> Metrics.getOrCreate(Counter.builder("parley.errors")
                    .description("Error answers sent, by protocol error code (docs/PROTOCOL.md §5) and by "
                            + "transport: REST error responses and WebSocket error frames")
                    .tags(Metrics.tags("code", c, "transport", transport.tag))));
        }
        counter.increment();
    }
}
