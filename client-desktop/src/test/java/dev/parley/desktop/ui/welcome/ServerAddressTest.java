package dev.parley.desktop.ui.welcome;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What people type as a server address, and what the app makes of it. */
class ServerAddressTest {
    @ParameterizedTest
    @CsvSource({
            "192.168.1.20:8080, http://192.168.1.20:8080",
            "localhost:8080, http://localhost:8080",
            "chat.example.org, https://chat.example.org",
            "chat.example.org:8443, http://chat.example.org:8443",
            "https://chat.example.org/, https://chat.example.org",
            "  http://10.0.0.5:8080  , http://10.0.0.5:8080"
    })
    void typedAddressesBecomeServerUris(String typed, String expected) {
        assertThat(ServerViewModel.parse(typed)).hasToString(expected);
    }

    @Test
    void anEmptyAddressAsksForOne() {
        assertThatThrownBy(() -> ServerViewModel.parse("  ")).hasMessageContaining("Type the address");
    }

    @Test
    void somethingThatIsNotAnAddressSaysSo() {
        assertThatThrownBy(() -> ServerViewModel.parse("ftp://files.example.org"))
                .hasMessageContaining("is not a server address");
    }
}
