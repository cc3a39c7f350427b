package dev.parley.server.docs;

import dev.parley.server.config.ServerSettings;
import io.helidon.config.Config;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every setting the server reads is in the operations guide's configuration reference and in the
 * sample application.yaml: a setting added without documenting it fails here.
 */
class SettingsDocumentationTest {
    private static final Path GUIDE = Path.of("..", "docs", "SELF-HOSTING.md");
    private static final Path SAMPLE = Path.of("src", "main", "resources", "application.yaml");

    @Test
    void everySettingIsDocumentedWithItsVariableAndInTheSampleConfiguration() throws Exception {
        Set<String> variables = variablesTheServerReads();
        assertThat(variables).contains("PARLEY_PORT", "PARLEY_DB_URL", "PARLEY_LOG_FORMAT").hasSizeGreaterThan(20);

        String guide = Files.readString(GUIDE);
        String sample = Files.readString(SAMPLE);
        for (String variable : variables) {
            String key = variable.substring("PARLEY_".length()).toLowerCase(Locale.ROOT).replace('_', '-');
            assertThat(guide).as("docs/SELF-HOSTING.md documents " + variable).contains("`" + variable + "`");
            assertThat(guide).as("docs/SELF-HOSTING.md names the key " + key).contains("`" + key + "`");
            assertThat(sample).as("application.yaml has " + key).containsPattern("(?m)^  " + key + ":");
        }
    }

    private static Set<String> variablesTheServerReads() {
        Set<String> read = new TreeSet<>();
        HashMap<String, String> recording = new HashMap<>() {
            @Override
            public String get(Object key) {
                read.add((String) key);
                return super.get(key);
            }
        };
        ServerSettings.load(Config.empty(), recording);
        return read;
    }
}
