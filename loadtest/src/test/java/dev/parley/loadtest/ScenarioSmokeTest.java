package dev.parley.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.server.ParleyServer;
import dev.parley.server.config.ServerSettings;
import io.helidon.config.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every scenario at a tiny scale against a real server in this JVM: each ends with a JSON line that
 * has the documented fields and found nothing lost, duplicated or out of order. No timing is checked.
 */
class ScenarioSmokeTest {
    private static final List<String> FIELDS = List.of("scenario", "connections", "offered_rate", "msgs_per_s", "sent",
            "acked", "delivered", "lost", "duplicates", "reordered", "ack_p50_ms", "ack_p99_ms", "deliver_p50_ms",
            "deliver_p99_ms", "deliver_max_ms", "server_heap_per_conn_kib", "server_rss_per_conn_kib", "cpu_s_per_1k_msgs");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path temp;
    private static ParleyServer server;

    @BeforeAll
    static void startServer() throws IOException {
        Path data = Files.createDirectories(temp.resolve("data"));
        Map<String, String> env = Map.of("PARLEY_PORT", "0", "PARLEY_HOST", "127.0.0.1",
                "PARLEY_DATA_DIR", data.toString(), "PARLEY_LOGIN_MAX_PER_ADDRESS", "1000000");
        Config config = Config.create();
        server = ParleyServer.start(ServerSettings.load(config, env), config.get("server"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private record Run(int exit, List<JsonNode> lines, String err) {
        JsonNode last() {
            return lines.getLast();
        }
    }

    private static Run run(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", "http://127.0.0.1:" + server.port(), "--users-file", temp.resolve("users.json").toString(),
                "--drain-seconds", "5", "--warmup", "0"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        String errors = err.toString(StandardCharsets.UTF_8);
        System.err.print(errors);
        return new Run(exit, lines, errors);
    }

    private static void assertClean(JsonNode line, String scenario) {
        assertThat(line.get("scenario").asText()).isEqualTo(scenario);
        FIELDS.forEach(field -> assertThat(line.has(field)).as("field %s in %s", field, line).isTrue());
        for (String zero : List.of("lost", "unacked", "rejected", "duplicates", "reordered", "drops")) {
            assertThat(line.get(zero).asLong()).as("%s in %s", zero, line).isZero();
        }
        assertThat(line.get("server_heap_per_conn_kib").isNull()).isTrue();
    }

    @Test
    void connectionsHoldsIdleSockets() throws IOException {
        Run run = run("connections", "--connections", "6", "--hold", "1", "--heartbeat-seconds", "1");

        assertThat(run.exit()).as(run.err()).isZero();
        assertClean(run.last(), "connections");
        assertThat(run.last().get("connections").asLong()).isEqualTo(6);
        assertThat(run.last().get("sent").asLong()).isZero();
    }

    @Test
    void directDeliversEveryMessageToItsPartner() throws IOException {
        Run run = run("direct", "--pairs", "3", "--rate", "30", "--duration", "2");

        assertThat(run.exit()).as(run.err()).isZero();
        assertClean(run.last(), "direct");
        assertThat(run.last().get("sent").asLong()).isEqualTo(60);
        assertThat(run.last().get("delivered").asLong()).isEqualTo(60);
        assertThat(run.last().get("deliver_p99_ms").isNumber()).isTrue();
    }

    @Test
    void directInWorkerProcessesFromAnotherSourceAddress() throws IOException {
        Run run = run("direct", "--pairs", "4", "--rate", "40", "--duration", "2", "--workers", "2",
                "--source-addresses", "2");

        assertThat(run.exit()).as(run.err()).isZero();
        assertClean(run.last(), "direct");
        assertThat(run.last().get("workers").asInt()).isEqualTo(2);
        assertThat(run.last().get("delivered").asLong()).isEqualTo(80);
    }

    @Test
    void rampPrintsALinePerStepAndTheHighestPassingRate() throws IOException {
        Run run = run("ramp", "--pairs", "3", "--steps", "20,40", "--step-seconds", "1", "--p99-limit-ms", "10000");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.lines()).hasSize(3);
        assertThat(run.lines().get(0).get("step").asInt()).isEqualTo(1);
        assertThat(run.lines().get(1).get("offered_rate").asDouble()).isEqualTo(40.0);
        assertClean(run.last(), "ramp");
        assertThat(run.last().get("highest_passing_rate").asDouble()).isEqualTo(40.0);
    }

    @Test
    void stormDevicesCatchUpBySyncWithNothingLost() throws IOException {
        Run run = run("storm", "--devices", "3", "--backlog", "30", "--rate", "60", "--reconnect-seconds", "1",
                "--sync-limit", "4");

        assertThat(run.exit()).as(run.err()).isZero();
        assertClean(run.last(), "storm");
        assertThat(run.last().get("delivered").asLong()).isEqualTo(30);
        assertThat(run.last().get("catch_up_s").isNumber()).isTrue();
    }

    @Test
    void groupFollowsEachMessageToTheLastMember() throws IOException {
        Run run = run("group", "--members", "5", "--rate", "10", "--duration", "2");

        assertThat(run.exit()).as(run.err()).isZero();
        assertClean(run.last(), "group");
        assertThat(run.last().get("delivered").asLong()).isEqualTo(20 * 4);
        assertThat(run.last().get("last_member_p99_ms").isNumber()).isTrue();
    }

    @Test
    void anUnreachableServerIsOneClearLineAndAFailingExit() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(List.of("direct", "--url", "http://127.0.0.1:1", "--users-file", temp.resolve("none.json").toString()),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(Main.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).startsWith("parley-loadtest: Cannot reach").doesNotContain("\n");
    }

    @Test
    void theChartIsAPngOfTheRampSteps() throws IOException {
        Path steps = temp.resolve("ramp-h2.jsonl");
        Files.writeString(steps, """
                {"scenario":"ramp","step":1,"offered_rate":1000.0,"deliver_p50_ms":0.8,"deliver_p99_ms":2.1,"lost":0}
                {"scenario":"ramp","step":2,"offered_rate":2000.0,"deliver_p50_ms":1.1,"deliver_p99_ms":5.0,"lost":0}
                {"scenario":"ramp","highest_passing_rate":2000.0}
                """);
        Path png = temp.resolve("ramp.png");

        assertThat(Main.run(List.of("chart", steps.toString(), "--out", png.toString()), System.out, System.err)).isZero();
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
    }
}
