package dev.parley.loadtest.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault test, deploy/fault-test.sh, run on the jars this build made: three server nodes behind
 * nginx on a private PostgreSQL and Redis, the tool's {@code direct} scenario with {@code --reconnect}
 * through nginx, and meanwhile a node killed with SIGKILL and started again, Redis restarted and
 * PostgreSQL restarted. Nothing may be lost, duplicated or reordered, and the tool must have had to
 * reconnect. Skips with a printed reason when nginx, PostgreSQL's server binaries or redis-server are
 * missing, except under CI=true, where that fails.
 *
 * <p>Alone: {@code ./mvnw -B verify -pl loadtest -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=ClusterFaultIT} (after {@code ./mvnw -B -q install -DskipTests}); more script options with
 * {@code -Dfault-test.args="--duration 90 --rate 400"}. Results: {@code loadtest/target/fault-test/}.
 */
@Tag("fault-test")
@Timeout(value = 12, unit = TimeUnit.MINUTES)
class ClusterFaultIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** deploy/fault-test.sh --check: prerequisites missing. */
    private static final int MISSING_PREREQUISITES = 3;

    private final Path repo = Path.of(System.getProperty("basedir", "."), "..").toAbsolutePath().normalize();
    private final Path script = repo.resolve("deploy/fault-test.sh");
    private final Path out = repo.resolve("loadtest/target/fault-test");
    private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @Test
    void nothingIsLostDuplicatedOrReorderedWhileANodeRedisAndPostgresqlRestart() throws Exception {
        requirePrerequisites();
        Path serverJar = repo.resolve("server/target/parley-server.jar");
        Path loadtestJar = repo.resolve("loadtest/target/parley-loadtest.jar");
        assertThat(serverJar).as("the server jar (server module, package phase)").exists();
        assertThat(serverJar.resolveSibling("libs")).as("the server jar's libs/").isDirectory();
        assertThat(loadtestJar).as("the load-test jar (this module, package phase)").exists();

        List<String> command = new ArrayList<>(List.of("bash", script.toString(), "--out", out.toString(),
                "--server-jar", serverJar.toString(), "--loadtest-jar", loadtestJar.toString()));
        String extra = System.getProperty("fault-test.args", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(Arrays.asList(extra.split("\\s+")));
        }
        int exit = run(command);

        Path summary = out.resolve("summary.txt");
        String context = "fault-test.sh exited with " + exit + "; see " + out
                + (Files.exists(summary) ? "\n" + Files.readString(summary) : "");
        JsonNode report = lastJsonLine(out.resolve("loadtest.jsonl"));
        assertThat(report).as("the tool's JSON line; %s", context).isNotNull();
        assertThat(report.path("lost").asLong(-1)).as("lost; %s", context).isZero();
        assertThat(report.path("duplicates").asLong(-1)).as("duplicates; %s", context).isZero();
        assertThat(report.path("reordered").asLong(-1)).as("reordered; %s", context).isZero();
        assertThat(report.path("acked").asLong(0)).as("acked; %s", context).isPositive();
        assertThat(report.path("reconnects").asLong(0)).as("reconnects (the faults must have cost connections); %s",
                context).isPositive();
        assertThat(exit).as(context).isZero();
    }

    /** Skips (locally) or fails (CI=true) when the script says something it needs is missing. */
    private void requirePrerequisites() throws IOException, InterruptedException {
        Process check = new ProcessBuilder("bash", script.toString(), "--check").redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int exit = check.waitFor();
        if (exit == MISSING_PREREQUISITES) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true requires what the fault test needs: " + output);
            }
            System.out.println("SKIPPED (the fault test needs nginx, PostgreSQL and Redis binaries): " + output);
            Assumptions.abort(output);
        }
        assertThat(exit).as("fault-test.sh --check: %s", output).isZero();
    }

    /** Runs the script, its output streamed to ours as it comes; SIGTERM (its cleanup) if this test is stopped. */
    private int run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA", java);
        Process process = builder.start();
        Thread stopper = new Thread(() -> stop(process), "fault-test-stopper");
        Runtime.getRuntime().addShutdownHook(stopper);
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                System.out.println("[fault-test] " + line);
            }
            return process.waitFor();
        } finally {
            stop(process);
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to
            }
        }
    }

    /** The script's trap stops the nodes, nginx, Redis and PostgreSQL it started; SIGKILL only if it hangs. */
    private static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static JsonNode lastJsonLine(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        JsonNode last = null;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.startsWith("{")) {
                last = JSON.readTree(line);
            }
        }
        return last;
    }
}
