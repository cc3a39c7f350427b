package dev.parley.server.support;

import java.util.Arrays;
import java.util.Map;

/** Reads one counter or gauge from a node's {@code /observe/metrics} (Prometheus text). */
public final class Metrics {
    private Metrics() {
    }

    /** The sum over all series of the metric whose Prometheus name starts with {@code name}; 0 when absent. */
    public static double value(ParleyClient node, String name) {
        ParleyClient.Response response = node.request("GET", "/observe/metrics", null, null,
                Map.of("Accept", "text/plain"));
        if (response.status() != 200) {
            throw new AssertionError("GET /observe/metrics answered " + response.status());
        }
        return Arrays.stream(response.body().split("\n"))
                .filter(line -> line.startsWith(name) && !line.startsWith("#"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
