package dev.parley.server.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLineFormatterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRecordIsOneLineOfJsonWithEveryField() throws Exception {
        LogRecord record = new LogRecord(Level.WARNING, "Redis unreachable (\"{0}\")\nsecond line");
        record.setParameters(new Object[]{"Connection refused"});
        record.setLoggerName("dev.parley.server.cluster.RedisLink");
        record.setInstant(Instant.parse("2026-11-22T03:30:00.123Z"));
        record.setThrown(new IllegalStateException("boom"));

        String line = new JsonLineFormatter().format(record);

        assertThat(line).endsWith(System.lineSeparator());
        assertThat(line.strip()).doesNotContain("\n");
        JsonNode json = JSON.readTree(line);
        assertThat(json.path("time").asText()).isEqualTo("2026-11-22T03:30:00.123Z");
        assertThat(json.path("level").asText()).isEqualTo("WARNING");
        assertThat(json.path("logger").asText()).isEqualTo("dev.parley.server.cluster.RedisLink");
        assertThat(json.path("thread").asText()).isNotEmpty();
        assertThat(json.path("message").asText()).isEqualTo("Redis unreachable (\"Connection refused\")\nsecond line");
        assertThat(json.path("error").asText()).startsWith("java.lang.IllegalStateException: boom")
                .contains("JsonLineFormatterTest");
    }

    @Test
    void aRecordWithoutAnErrorHasNoErrorField() throws Exception {
        LogRecord record = new LogRecord(Level.INFO, "started");
        record.setLoggerName("dev.parley.server.Main");
        assertThat(JSON.readTree(new JsonLineFormatter().format(record)).has("error")).isFalse();
    }
}
