package dev.parley.loadtest.cli;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTest {
    @Test
    void socketsGoToTheNodesOfUrlsWhileSetupStaysOnUrl() {
        Options options = Options.parse(Scenario.DIRECT,
                List.of("--url", "http://lb:8080", "--urls", "http://n1:8081,http://n2:8082/"));

        assertThat(options.url()).isEqualTo(URI.create("http://lb:8080"));
        assertThat(options.webSocketUris()).containsExactly(URI.create("ws://n1:8081/ws"), URI.create("ws://n2:8082/ws"));
    }

    @Test
    void withoutUrlsSocketsGoToUrl() {
        Options options = Options.parse(Scenario.DIRECT, List.of("--url", "https://lb"));

        assertThat(options.webSocketUris()).containsExactly(URI.create("wss://lb/ws"));
    }

    @Test
    void workerProcessesGetTheSameUrls() {
        Options options = Options.parse(Scenario.RAMP, List.of("--urls", "http://n1:1,http://n2:2"));

        Options again = Options.parse(Scenario.RAMP, options.toArgs().subList(1, options.toArgs().size()));

        assertThat(again.urls()).isEqualTo(options.urls());
    }

    @Test
    void aUrlsValueThatIsNotHttpIsABadUsage() {
        assertThatThrownBy(() -> Options.parse(Scenario.DIRECT, List.of("--urls", "http://n1:1,n2:2")))
                .isInstanceOf(UsageException.class).hasMessageContaining("--urls");
    }

    @Test
    void reconnectIsForTheScenariosOfPairs() {
        assertThat(Options.parse(Scenario.RAMP, List.of("--reconnect")).reconnect()).isTrue();
        assertThatThrownBy(() -> Options.parse(Scenario.STORM, List.of("--reconnect")))
                .isInstanceOf(UsageException.class).hasMessageContaining("--reconnect");
    }
}
