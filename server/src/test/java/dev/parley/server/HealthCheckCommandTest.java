package dev.parley.server;

import dev.parley.server.config.ServerSettings;
import dev.parley.server.support.Backend;
import dev.parley.server.support.TestServer;
import io.helidon.config.Config;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code healthcheck} exits 0 only when a server answers its readiness endpoint with 200, and says so in one line. */
class HealthCheckCommandTest {
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

    @Test
    void aRunningServerIsHealthy() {
        TestServer server = TestServer.shared(Backend.H2);

        int status = HealthCheckCommand.run(server.http().resolve("/observe/health/ready"), out);

        assertThat(status).isZero();
        assertThat(printed()).startsWith("healthy: ").contains("answered 200").doesNotContain("\n");
    }

    @Test
    void noServerOnThePortIsUnhealthy() throws IOException {
        int freePort;
        try (ServerSocket socket = new ServerSocket(0)) {
            freePort = socket.getLocalPort();
        }

        int status = HealthCheckCommand.run(URI.create("http://127.0.0.1:" + freePort + "/observe/health/ready"), out);

        assertThat(status).isEqualTo(1);
        assertThat(printed()).startsWith("unhealthy: ").contains("could not be reached").doesNotContain("\n");
    }

    @Test
    void anAnswerOtherThan200IsUnhealthy() {
        TestServer server = TestServer.shared(Backend.H2);

        int status = HealthCheckCommand.run(server.http().resolve("/observe/health/no-such-check"), out);

        assertThat(status).isEqualTo(1);
        assertThat(printed()).startsWith("unhealthy: ").contains("answered 404");
    }

    @Test
    void theDefaultUrlIsTheConfiguredPortOnLoopback() {
        ServerSettings everyAddress = ServerSettings.load(Config.empty(), Map.of("PARLEY_PORT", "9123"));
        ServerSettings oneAddress = ServerSettings.load(Config.empty(),
                Map.of("PARLEY_PORT", "9124", "PARLEY_HOST", "10.1.2.3"));

        assertThat(HealthCheckCommand.defaultUrl(everyAddress)).hasToString("http://127.0.0.1:9123/observe/health/ready");
        assertThat(HealthCheckCommand.defaultUrl(oneAddress)).hasToString("http://10.1.2.3:9124/observe/health/ready");
    }

    private String printed() {
        return output.toString(StandardCharsets.UTF_8).strip();
    }
}
