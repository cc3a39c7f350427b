package dev.parley.server.support;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.DoublePredicate;

/** Reads meters from a node's {@code /observe/metrics} (Prometheus text). */
public final class Metrics {
    private Metrics() {
    }

    /** The sum over all series of the metric whose Prometheus name starts with {@code name}; 0 when absent. */
    public static double value(ParleyClient node, String name) {
        return Arrays.stream(scrape(node).split("\n"))
                .filter(line -> line.startsWith(name) && !line.startsWith("#"))
                .mapToDouble(Metrics::sampleValue)
                .sum();
    }

    /** The whole Prometheus text, as an operator's scraper gets it. */
    public static String scrape(ParleyClient node) {
        ParleyClient.Response response = node.request("GET", "/observe/metrics", null, null,
                Map.of("Accept", "text/plain"));
        if (response.status() != 200) {
            throw new AssertionError("GET /observe/metrics answered " + response.status());
        }
        return response.body();
    }

    /**
     * The sum over the series named exactly {@code name} whose labels include every one of {@code labels}
     * (each {@code key="value"}); empty when there is none.
     */
    public static OptionalDouble series(ParleyClient node, String name, String... labels) {
        List<String> lines = Arrays.stream(scrape(node).split("\n"))
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains))
                .toList();
        return lines.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(lines.stream().mapToDouble(Metrics::sampleValue).sum());
    }

    /** {@link #series}, 0 when there is none. */
    public static double sum(ParleyClient node, String name, String... labels) {
        return series(node, name, labels).orElse(0);
    }

    /**
     * Waits until {@link #sum} satisfies {@code expected} (meters are updated just after the frame they
     * count is written, so a client may see the frame first) and returns the last value read.
     */
    public static double awaitSum(ParleyClient node, DoublePredicate expected, String name, String... labels) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        double value = sum(node, name, labels);
        while (!expected.test(value) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            value = sum(node, name, labels);
        }
        return value;
    }

    private static double sampleValue(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
