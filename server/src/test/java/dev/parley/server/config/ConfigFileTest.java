package dev.parley.server.config;

import io.helidon.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A named configuration file wins over the built-in application.yaml, which still fills in what it leaves out. */
class ConfigFileTest {
    @TempDir
    Path dir;

    @Test
    void aNamedFileOverridesTheBuiltInValues() throws IOException {
        Path file = Files.writeString(dir.resolve("application.yaml"), """
                parley:
                  port: 18123
                  group-max-members: 42
                """);

        ServerSettings settings = ServerSettings.load(ConfigFile.load(file), Map.of());

        assertThat(settings.port()).isEqualTo(18123);
        assertThat(settings.groupMaxMembers()).isEqualTo(42);
    }

    @Test
    void keysTheFileLeavesOutKeepTheBuiltInValues() throws IOException {
        Path file = Files.writeString(dir.resolve("application.yaml"), "parley:\n  port: 18124\n");

        Config config = ConfigFile.load(file);

        assertThat(config.get("server.protocols.websocket.max-frame-length").asInt().get()).isEqualTo(2097152);
        assertThat(config.get("parley.redis-prefix").asString().get()).isEqualTo("parley:");
    }

    @Test
    void environmentVariablesStillWin() throws IOException {
        Path file = Files.writeString(dir.resolve("application.yaml"), "parley:\n  port: 18125\n");

        ServerSettings settings = ServerSettings.load(ConfigFile.load(file), Map.of("PARLEY_PORT", "18126"));

        assertThat(settings.port()).isEqualTo(18126);
    }

    @Test
    void aMissingFileIsRefusedByName() {
        Path missing = dir.resolve("nope.yaml");

        assertThatThrownBy(() -> ConfigFile.load(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("-Dparley.config");
    }
}
