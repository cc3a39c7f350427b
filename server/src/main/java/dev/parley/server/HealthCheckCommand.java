package dev.parley.server;

import dev.parley.server.config.ServerSettings;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code parley-server.jar healthcheck [url]}: asks a running server whether it is ready, for container health
 * checks where no curl is installed. Exit status 0 when the readiness endpoint answers 200, else 1; one line of
 * output either way.
 */
final class HealthCheckCommand {
    // Docker's default health check timeout is 30 s; a server that takes 3 s to answer is not healthy anyway.
    static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final String READY_PATH = "/observe/health/ready";

    private HealthCheckCommand() {
    }

    /** The readiness URL of the server these settings describe, on loopback when it listens on every address. */
    static URI defaultUrl(ServerSettings settings) {
        String host = settings.host();
        if (host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + settings.port() + READY_PATH);
    }

    /** Checks {@code url} and says what it found on {@code out}; returns the exit status. */
    static int run(URI url, PrintStream out) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            out.println((status == 200 ? "healthy: " : "unhealthy: ") + url + " answered " + status);
            return status == 200 ? 0 : 1;
        } catch (IOException e) {
            out.println("unhealthy: " + url + " could not be reached (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("unhealthy: interrupted while asking " + url);
            return 1;
        }
    }
}
