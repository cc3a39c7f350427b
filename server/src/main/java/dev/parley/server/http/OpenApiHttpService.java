package dev.parley.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves the hand-written OpenAPI document of the REST API at {@code /openapi}. */
public final class OpenApiHttpService implements HttpService {
    private static final String RESOURCE = "/META-INF/openapi.yaml";

    private final byte[] document;

    public OpenApiHttpService() {
        try (InputStream in = OpenApiHttpService.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the server jar");
            }
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/openapi", this::openApi);
    }

    private void openApi(ServerRequest req, ServerResponse res) {
        res.status(Status.OK_200);
        res.headers().set(HeaderNames.CONTENT_TYPE, "application/yaml; charset=UTF-8");
        res.send(document);
    }
}
