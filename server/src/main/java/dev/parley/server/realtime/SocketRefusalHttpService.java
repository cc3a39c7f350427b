package dev.parley.server.realtime;

import dev.parley.server.http.ApiException;
import dev.parley.server.http.BearerAuth;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * A request to /ws reaches HTTP routing only when it was not upgraded to a WebSocket: the upgrade was
 * refused, or it was no upgrade request. This says why, with the same codes as the REST API, so a
 * client can tell "log in again" (401) from "not allowed from this page" (403).
 */
public final class SocketRefusalHttpService implements HttpService {
    private static final Status UPGRADE_REQUIRED = Status.create(426, "Upgrade Required");

    private final OriginPolicy origins;
    private final BearerAuth auth;

    public SocketRefusalHttpService(OriginPolicy origins, BearerAuth auth) {
        this.origins = origins;
        this.auth = auth;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/ws", this::refuse);
    }

    private void refuse(ServerRequest req, ServerResponse res) {
        if (!origins.permits(req.headers().first(HeaderNames.ORIGIN))) {
            throw new ApiException(Status.FORBIDDEN_403, "origin_not_allowed",
                    "WebSocket connections from this origin are not allowed");
        }
        auth.require(req);
        throw new ApiException(UPGRADE_REQUIRED, "upgrade_required", "Open /ws as a WebSocket");
    }
}
