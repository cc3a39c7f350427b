package dev.parley.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.ParleyServer;
import dev.parley.server.config.ServerSettings;
import io.helidon.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code direct --reconnect} through a real outage: while messages flow, the server in this JVM is
 * stopped (its sockets drop, connects are refused) and two seconds later a new one starts on the same
 * port and data directory. The careful clients must come out with every acknowledged message applied
 * once, in order. No timing is checked.
 */
class ReconnectThroughRestartTest {
    private static final int PAIRS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    @Test
    void directWithReconnectLosesNothingWhenTheServerGoesDownAndComesBack() throws Exception {
        Path data = Files.createDirectories(temp.resolve("data"));
        ParleyServer server = start(data, 0);
        int port = server.port();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            FutureTask<Integer> run = new FutureTask<>(() -> Main.run(List.of("direct",
                    "--pairs", "" + PAIRS, "--rate", "50", "--duration", "8", "--reconnect",
                    "--url", "http://127.0.0.1:" + port, "--users-file", temp.resolve("users.json").toString(),
                    "--warmup", "0", "--drain-seconds", "30"),
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
            // Not on the common pool: it has one thread on two cores, the run would hold it, and then the
            // JDK's WebSocket handshakes never completed (seen).
            Thread.ofPlatform().name("loadtest").daemon().start(run);

            ParleyServer first = server;
            // Setup (registering users) takes a while on a busy machine: the outage starts once messages flow.
            awaitOrFail(() -> first.connectedDevices() == 2 * PAIRS || run.isDone(), Duration.ofSeconds(120));
            Thread.sleep(2000);
            server.close();
            Thread.sleep(2000);
            server = startOnSamePort(data, port);

            int exit = run.get(5, TimeUnit.MINUTES);
            String errors = err.toString(StandardCharsets.UTF_8);
            System.err.print(errors);
            assertThat(exit).as(errors).isZero();
            String last = out.toString(StandardCharsets.UTF_8).strip().lines().toList().getLast();
            System.err.println(last);
            JsonNode report = JSON.readTree(last);
            assertThat(report.get("acked").asLong()).as("%s", report).isPositive();
            for (String zero : List.of("lost", "duplicates", "reordered", "unacked", "rejected")) {
                assertThat(report.get(zero).asLong()).as("%s in %s", zero, report).isZero();
            }
            assertThat(report.get("reconnects").asLong()).as("%s", report).isPositive();
            assertThat(report.get("reconnect_max_ms").isNumber()).isTrue();
            assertThat(report.get("delivered").asLong()).isEqualTo(report.get("acked").asLong());
        } finally {
            server.close();
        }
    }

    private static ParleyServer start(Path data, int port) {
        Map<String, String> env = Map.of("PARLEY_PORT", "" + port, "PARLEY_HOST", "127.0.0.1",
                "PARLEY_DATA_DIR", data.toString(), "PARLEY_LOGIN_MAX_PER_ADDRESS", "1000000");
        Config config = Config.create();
        return ParleyServer.start(ServerSettings.load(config, env), config.get("server"));
    }

    /** The old socket may linger a moment before the port can be bound again. */
    private static ParleyServer startOnSamePort(Path data, int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                return start(data, port);
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static void awaitOrFail(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited %s", timeout).isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
