package dev.parley.server.http;

import io.helidon.common.Weighted;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;

/**
 * Answers every request no route took with the same JSON error shape as the rest of the API. It
 * weighs least, so it is routed after the API and after the observe feature's endpoints.
 */
public final class NotFoundFeature implements HttpFeature, Weighted {
    private final JsonHttp json;

    public NotFoundFeature(JsonHttp json) {
        this.json = json;
    }

    @Override
    public void setup(HttpRouting.Builder routing) {
        routing.any((req, res) -> json.error(res, Status.NOT_FOUND_404, "not_found",
                "No such endpoint: " + req.prologue().method() + " " + req.path().path()));
    }

    @Override
    public double weight() {
        return 1;
    }
}
