package dev.parley.server.accounts;

import dev.parley.server.support.Backend;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One address guessing at many accounts is throttled too. */
class LoginThrottlePerAddressTest {
    @Test
    void failuresAcrossManyAccountsFromOneAddressAreThrottled() {
        try (TestServer server = TestServer.start(Backend.H2, Map.of("PARLEY_LOGIN_MAX_PER_ADDRESS", "8"))) {
            ParleyClient client = server.client();
            for (int i = 0; i < 8; i++) {
                assertThat(client.post("/api/v1/sessions", null,
                        Map.of("username", ParleyClient.uniqueUsername("target"), "password", "guess-" + i)).status())
                        .isEqualTo(401);
            }
            ParleyClient.Response throttled = client.post("/api/v1/sessions", null,
                    Map.of("username", ParleyClient.uniqueUsername("other"), "password", "guess"));
            assertThat(throttled.status()).isEqualTo(429);
            assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        }
    }
}
