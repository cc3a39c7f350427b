package dev.parley.server.metrics;

import dev.parley.server.support.Backend;
import dev.parley.server.support.DeviceSocketClient;
import dev.parley.server.support.Metrics;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.TestServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Several servers in one JVM (tests, a desktop app hosting one) share Helidon's registry but not gauges. */
class NodeGaugesTest {
    @Test
    void anEmbeddedDatabaseReportsItsFileSize() throws IOException {
        try (TestServer server = TestServer.start(Backend.H2, Map.of())) {
            ParleyClient client = server.client();
            client.register("lee");
            String node = "node=\"" + server.nodeId() + "\"";
            Path file = server.dataDir().resolve("parley.mv.db");
            double reported = Metrics.awaitSum(client, bytes -> bytes > 0, "parley_database_file_bytes", node);
            // Read on both sides of the scrape: the file only grows while nothing is sent.
            long before = Files.size(file);
            reported = Metrics.sum(client, "parley_database_file_bytes", node);
            long after = Files.size(file);
            assertThat(reported).isBetween((double) before, (double) after);
        }
    }

    @Test
    void eachServerReportsItsOwnDevicesAndItsGaugesGoWhenItCloses() {
        try (TestServer first = TestServer.start(Backend.H2, Map.of())) {
            ParleyClient firstClient = first.client();
            String firstNode = "node=\"" + first.nodeId() + "\"";
            String secondNode;
            try (TestServer second = TestServer.start(Backend.H2, Map.of())) {
                ParleyClient secondClient = second.client();
                secondNode = "node=\"" + second.nodeId() + "\"";
                try (DeviceSocketClient one = firstClient.connect(firstClient.login(firstClient.register("ida"), "Laptop"));
                     DeviceSocketClient two = secondClient.connect(secondClient.login(secondClient.register("jo"), "Laptop"));
                     DeviceSocketClient three = secondClient.connect(secondClient.login(secondClient.register("kim"), "Laptop"))) {
                    assertThat(Metrics.sum(firstClient, "parley_devices_connected", firstNode)).isEqualTo(1);
                    assertThat(Metrics.sum(firstClient, "parley_devices_connected", secondNode)).isEqualTo(2);
                    assertThat(Metrics.sum(secondClient, "parley_devices_connected", secondNode)).isEqualTo(2);
                }
                assertThat(Metrics.series(firstClient, "parley_database_pool_max", secondNode)).isPresent();
            }
            for (String gauge : new String[]{"parley_devices_connected", "parley_database_pool_active",
                    "parley_database_pool_idle", "parley_database_pool_total", "parley_database_pool_max",
                    "parley_database_pool_waiting", "parley_database_file_bytes"}) {
                assertThat(Metrics.series(firstClient, gauge, secondNode)).as(gauge + " of the closed server").isEmpty();
                assertThat(Metrics.series(firstClient, gauge, firstNode)).as(gauge + " of the running server").isPresent();
            }
        }
    }
}
