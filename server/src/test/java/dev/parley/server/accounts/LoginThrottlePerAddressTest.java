package dev.parley.server.accounts;

import dev.parley.server.support.Backend;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** One address guessing at many accounts is throttled too; behind a trusted proxy, the address it forwards. */
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

    @Test
    void behindATrustedProxyEachForwardedAddressHasItsOwnLimit() {
        try (TestServer server = TestServer.start(Backend.H2, Map.of("PARLEY_LOGIN_MAX_PER_ADDRESS", "3",
                "PARLEY_TRUSTED_PROXIES", "127.0.0.1"))) {
            ParleyClient client = server.client();
            for (int i = 0; i < 3; i++) {
                assertThat(failedLogin(client, "203.0.113.7").status()).isEqualTo(401);
            }
            assertThat(failedLogin(client, "203.0.113.7").status()).isEqualTo(429);
            // What a client writes on the left is its own claim; the address the proxy saw is the rightmost.
            assertThat(failedLogin(client, "198.51.100.9, 203.0.113.7").status()).isEqualTo(429);
            assertThat(failedLogin(client, "198.51.100.9").status()).as("another client behind the same proxy")
                    .isEqualTo(401);
        }
    }

    @Test
    void fromAPeerThatIsNoTrustedProxyTheForwardedHeaderIsIgnored() {
        try (TestServer server = TestServer.start(Backend.H2, Map.of("PARLEY_LOGIN_MAX_PER_ADDRESS", "3"))) {
            ParleyClient client = server.client();
            for (int i = 0; i < 3; i++) {
                assertThat(failedLogin(client, "203.0.113." + i).status()).isEqualTo(401);
            }
            assertThat(failedLogin(client, "203.0.113.99").status()).isEqualTo(429);
        }
    }

    private static ParleyClient.Response failedLogin(ParleyClient client, String forwardedFor) {
        return client.request("POST", "/api/v1/sessions", null, ParleyClient.codec().encode(
                        Map.of("username", ParleyClient.uniqueUsername("target"), "password", "guess")),
                Map.of("X-Forwarded-For", forwardedFor));
    }
}
