package dev.parley.server.logging;

import dev.parley.server.config.ServerSettings;
import io.helidon.config.Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The log settings change the console format and Parley's level, and bad values are refused by name. */
class LogSetupTest {
    private final Logger root = Logger.getLogger("");
    private final Logger parley = Logger.getLogger("dev.parley");
    private final Handler handler = new ConsoleHandler();
    private Handler[] configured;
    private Level parleyLevel;

    /** Only this test's own handler is on the root logger while it runs: the JVM's are left as they are. */
    @BeforeEach
    void setAsideTheConfiguredHandlers() {
        configured = root.getHandlers();
        for (Handler h : configured) {
            root.removeHandler(h);
        }
        root.addHandler(handler);
        parleyLevel = parley.getLevel();
    }

    @AfterEach
    void restoreThem() {
        root.removeHandler(handler);
        for (Handler h : configured) {
            root.addHandler(h);
        }
        parley.setLevel(parleyLevel);
    }

    @Test
    void jsonAndFineSwitchTheConsoleToJsonLinesAndLetFineRecordsThrough() {
        handler.setLevel(Level.INFO);
        LogSetup.apply("json", "fine");
        assertThat(handler.getFormatter()).isInstanceOf(JsonLineFormatter.class);
        assertThat(handler.getLevel()).isEqualTo(Level.FINE);
        assertThat(parley.getLevel()).isEqualTo(Level.FINE);
    }

    @Test
    void textKeepsTheConfiguredFormat() {
        Formatter configured = handler.getFormatter();
        LogSetup.apply("text", "WARNING");
        assertThat(handler.getFormatter()).isSameAs(configured);
        assertThat(parley.getLevel()).isEqualTo(Level.WARNING);
    }

    @Test
    void badValuesAreRefusedWhenTheSettingsAreRead() {
        assertThatThrownBy(() -> settings(Map.of("PARLEY_LOG_FORMAT", "xml")))
                .hasMessageContaining("log-format must be text or json");
        assertThatThrownBy(() -> settings(Map.of("PARLEY_LOG_LEVEL", "loud")))
                .hasMessageContaining("log-level must be one of");
        assertThat(settings(Map.of("PARLEY_LOG_FORMAT", "JSON")).logFormat()).isEqualTo("JSON");
    }

    private static ServerSettings settings(Map<String, String> env) {
        return ServerSettings.load(Config.empty(), env);
    }
}
