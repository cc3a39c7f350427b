package dev.parley.server.http;

import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.codec.JsonCodec;
import dev.parley.server.metrics.ServerMetrics;
import dev.parley.server.storage.DatabaseOutage;
import dev.parley.protocol.rest.ErrorBody;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaTypes;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Reads JSON request bodies into protocol records and writes records and errors as JSON. */
public final class JsonHttp {
    private static final Logger LOG = Logger.getLogger(JsonHttp.class.getName());

    private final JsonCodec codec;
    private final DatabaseOutage outage;
    private final ServerMetrics metrics;

    public JsonHttp(JsonCodec codec, DatabaseOutage outage, ServerMetrics metrics) {
        this.codec = codec;
        this.outage = outage;
        this.metrics = metrics;
    }

    public <T> T read(ServerRequest request, Class<T> type) {
        String body = request.content().hasEntity() ? request.content().as(String.class) : "";
        return codec.decode(body, type);
    }

    public void send(ServerResponse response, Status status, Object body) {
        response.status(status);
        response.headers().contentType(HttpMediaTypes.JSON_UTF_8);
        response.headers().set(HeaderNames.CACHE_CONTROL, "no-store");
        response.send(codec.encodeBytes(body));
    }

    /** Whole seconds, rounded up: a client that waits exactly this long must not be refused again. */
    public static long ceilSeconds(java.time.Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    public void ok(ServerResponse response, Object body) {
        send(response, Status.OK_200, body);
    }

    /** Every error response goes through here, and is counted. */
    public void error(ServerResponse response, Status status, String code, String message) {
        metrics.error(ServerMetrics.Transport.REST, code);
        send(response, status, ErrorBody.of(code, message));
    }

    public void apiError(ServerResponse response, ApiException e) {
        e.retryAfter().ifPresent(after ->
                response.headers().set(HeaderNames.RETRY_AFTER, Long.toString(ceilSeconds(after))));
        if (e.status() == Status.UNAUTHORIZED_401) {
            response.headers().set(HeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        error(response, e.status(), e.code(), e.getMessage());
    }

    public void protocolError(ServerResponse response, ProtocolException e) {
        error(response, Status.BAD_REQUEST_400, e.code(), e.getMessage());
    }

    public void unexpected(ServerRequest request, ServerResponse response, Throwable e) {
        if (DatabaseOutage.isUnreachable(e)) {
            outage.refused(request.prologue().method() + " " + request.path().path(), e);
            response.headers().set(HeaderNames.RETRY_AFTER, "2");
            error(response, Status.SERVICE_UNAVAILABLE_503, "unavailable",
                    "The server cannot reach its database right now; nothing was changed. Try again shortly");
            return;
        }
        LOG.log(Level.SEVERE, "Unexpected failure on " + request.prologue().method() + " " + request.path().path(), e);
        error(response, Status.INTERNAL_SERVER_ERROR_500, "internal_error", "Something went wrong on the server");
    }
}
