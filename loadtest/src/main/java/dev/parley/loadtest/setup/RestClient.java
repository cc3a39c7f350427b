package dev.parley.loadtest.setup;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.loadtest.LoadTestException;
import dev.parley.protocol.codec.JsonCodec;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The few REST calls the tool makes, with refusals turned into one clear line. */
public final class RestClient {
    public static final String THROTTLE_HINT = "start the server with PARLEY_LOGIN_MAX_PER_ADDRESS=1000000"
            + " (the load test logs in thousands of users from one address)";

    private final URI base;
    private final JsonCodec codec;
    private final HttpClient http;

    public RestClient(URI base, JsonCodec codec) {
        this.base = base;
        this.codec = codec;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public record Response(int status, String body) {
        public boolean ok() {
            return status / 100 == 2;
        }
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null);
    }

    public Response post(String path, String token, Object body) {
        return send("POST", path, token, codec.encode(body));
    }

    public <T> T decode(Response response, Class<T> type) {
        return codec.decode(response.body(), type);
    }

    /** The server's error code of a refusal, or the status when the body has none. */
    public String errorCode(Response response) {
        try {
            JsonNode code = codec.tree(response.body()).path("error").path("code");
            return code.isTextual() ? code.asText() : "http_" + response.status();
        } catch (RuntimeException e) {
            return "http_" + response.status();
        }
    }

    /** Fails the run with the server's answer; a login throttle names the setting that lifts it. */
    public LoadTestException refused(String what, Response response) {
        String code = errorCode(response);
        if (response.status() == 429 && "too_many_attempts".equals(code)) {
            return new LoadTestException(what + " was refused with 429 too_many_attempts: " + THROTTLE_HINT);
        }
        return new LoadTestException(what + " was refused by " + base + ": " + response.status() + " " + code);
    }

    private Response send(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(3))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw unreachable(e);
        } catch (IOException e) {
            if (e.getCause() instanceof ConnectException) {
                throw unreachable(e);
            }
            throw new LoadTestException(method + " " + base + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadTestException("Interrupted during " + method + " " + path, e);
        }
    }

    private LoadTestException unreachable(Exception e) {
        return new LoadTestException("Cannot reach the Parley server at " + base + " (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); is it running?", e);
    }
}
