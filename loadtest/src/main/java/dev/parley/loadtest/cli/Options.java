package dev.parley.loadtest.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything a run is configured with. Parsed from {@code --name value} (or {@code --name=value});
 * defaults are the targets where they are cheap, smaller where a full run takes minutes.
 */
public record Options(Scenario scenario, URI url, List<URI> urls, int pairs, double rate, Duration duration, int connections,
                      Duration hold, List<Double> steps, Duration stepDuration, int devices, int backlog,
                      Duration reconnectWindow, int members, int size, int workers, int perWorker,
                      int sourceAddresses, Long serverPid, Path usersFile, int setupThreads, int connectConcurrency,
                      Duration drain, Duration warmup, double p99LimitMillis, Duration heartbeat, int syncLimit,
                      boolean keepGoing, boolean reconnect, long seed, boolean quiet) {

    public Options {
        if (pairs < 1 || connections < 1 || devices < 1 || members < 2 || backlog < 0) {
            throw new UsageException("--pairs, --connections, --devices must be at least 1 and --members at least 2");
        }
        if (rate <= 0 || steps.isEmpty() || steps.stream().anyMatch(r -> r <= 0)) {
            throw new UsageException("--rate and every --steps value must be positive");
        }
        if (size < 32 || size > 100_000) {
            throw new UsageException("--size must be between 32 and 100000 characters");
        }
        if (perWorker < 1 || workers < 0 || sourceAddresses < 0 || sourceAddresses > 250) {
            throw new UsageException("--per-worker must be at least 1, --workers at least 0, --source-addresses 0..250");
        }
        if (syncLimit < 1 || syncLimit > 500) {
            throw new UsageException("--sync-limit must be between 1 and 500");
        }
        if (reconnect && scenario != Scenario.DIRECT && scenario != Scenario.RAMP) {
            throw new UsageException("--reconnect works with direct and ramp only");
        }
        steps = List.copyOf(steps);
        urls = List.copyOf(urls);
    }

    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("url", "http://127.0.0.1:8080"),
            Map.entry("pairs", "500"), Map.entry("rate", "500"), Map.entry("duration", "30"),
            Map.entry("connections", "1000"), Map.entry("hold", "60"),
            Map.entry("steps", "1000,2000,5000,10000,20000,40000"), Map.entry("step-seconds", "60"),
            Map.entry("devices", "100"), Map.entry("backlog", "2000"), Map.entry("reconnect-seconds", "10"),
            Map.entry("members", "500"), Map.entry("size", "64"), Map.entry("workers", "0"),
            Map.entry("per-worker", "9000"), Map.entry("source-addresses", "0"),
            Map.entry("setup-threads", "8"), Map.entry("connect-concurrency", "64"),
            Map.entry("drain-seconds", "10"), Map.entry("warmup", "5"),
            Map.entry("p99-limit-ms", "100"), Map.entry("heartbeat-seconds", "30"), Map.entry("sync-limit", "200"),
            Map.entry("seed", "1"));
    private static final List<String> FLAGS = List.of("keep-going", "reconnect", "quiet");
    private static final List<String> VALUED = List.of("server-pid", "users-file", "urls");

    /** {@code args} without the scenario name. */
    public static Options parse(Scenario scenario, List<String> args) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new UsageException("Unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (FLAGS.contains(name)) {
                value = "true";
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException("--" + name + " needs a value");
            }
            if (!DEFAULTS.containsKey(name) && !FLAGS.contains(name) && !VALUED.contains(name)) {
                throw new UsageException("Unknown option --" + name + " (see --help)");
            }
            given.put(name, value);
        }
        Map<String, String> all = new HashMap<>(DEFAULTS);
        all.putAll(given);
        Values v = new Values(all);
        URI url = httpUri(v.text("url"), "--url");
        List<URI> urls = all.containsKey("urls")
                ? List.of(all.get("urls").split(",")).stream().map(u -> httpUri(u, "every --urls value")).toList()
                : List.of();
        Path usersFile = all.containsKey("users-file") ? Path.of(all.get("users-file")) : defaultUsersFile(url);
        return new Options(scenario, url, urls, v.integer("pairs"), v.decimal("rate"), v.duration("duration"),
                v.integer("connections"), v.duration("hold"), v.decimals("steps"), v.duration("step-seconds"),
                v.integer("devices"), v.integer("backlog"), v.duration("reconnect-seconds"), v.integer("members"),
                v.integer("size"), v.integer("workers"), v.integer("per-worker"), v.integer("source-addresses"),
                all.containsKey("server-pid") ? v.longValue("server-pid") : null, usersFile,
                v.integer("setup-threads"), v.integer("connect-concurrency"), v.duration("drain-seconds"),
                v.duration("warmup"),
                v.decimal("p99-limit-ms"), v.duration("heartbeat-seconds"), v.integer("sync-limit"),
                all.containsKey("keep-going"), all.containsKey("reconnect"), v.longValue("seed"),
                all.containsKey("quiet"));
    }

    private static URI httpUri(String text, String what) {
        URI uri;
        try {
            uri = URI.create(text.trim().replaceAll("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw new UsageException(what + " must look like http://host:port, not '" + text + "'");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new UsageException(what + " must look like http://host:port");
        }
        return uri;
    }

    /** The options again as arguments, for a worker process. */
    public List<String> toArgs() {
        List<String> args = new ArrayList<>(List.of(scenario.cliName(), "--url", url.toString(),
                "--pairs", "" + pairs, "--rate", "" + rate, "--duration", duration.toMillis() + "ms",
                "--connections", "" + connections, "--hold", hold.toMillis() + "ms",
                "--steps", String.join(",", steps.stream().map(String::valueOf).toList()),
                "--step-seconds", stepDuration.toMillis() + "ms", "--devices", "" + devices, "--backlog", "" + backlog,
                "--reconnect-seconds", reconnectWindow.toMillis() + "ms", "--members", "" + members, "--size", "" + size,
                "--per-worker", "" + perWorker, "--source-addresses", "" + sourceAddresses,
                "--users-file", usersFile.toString(), "--connect-concurrency", "" + connectConcurrency,
                "--drain-seconds", drain.toMillis() + "ms", "--warmup", warmup.toMillis() + "ms",
                "--p99-limit-ms", "" + p99LimitMillis,
                "--heartbeat-seconds", heartbeat.toMillis() + "ms", "--sync-limit", "" + syncLimit, "--seed", "" + seed));
        if (!urls.isEmpty()) {
            args.addAll(List.of("--urls", String.join(",", urls.stream().map(URI::toString).toList())));
        }
        if (keepGoing) {
            args.add("--keep-going");
        }
        if (reconnect) {
            args.add("--reconnect");
        }
        if (quiet) {
            args.add("--quiet");
        }
        return args;
    }

    /**
     * Where the sockets connect: the WebSocket endpoint of each of {@link #urls}, or of {@link #url} alone.
     * REST setup always goes to {@link #url}.
     */
    public List<URI> webSocketUris() {
        return (urls.isEmpty() ? List.of(url) : urls).stream()
                .map(u -> URI.create(u.toString().replaceFirst("^http", "ws") + "/ws")).toList();
    }

    private static Path defaultUsersFile(URI url) {
        int port = url.getPort() > 0 ? url.getPort() : "https".equals(url.getScheme()) ? 443 : 80;
        return Path.of(System.getProperty("user.home"), ".parley-loadtest",
                url.getHost().replaceAll("[^A-Za-z0-9.-]", "_") + "_" + port + ".json");
    }

    private record Values(Map<String, String> all) {
        String text(String name) {
            return all.get(name);
        }

        int integer(String name) {
            return (int) longValue(name);
        }

        long longValue(String name) {
            try {
                return Long.parseLong(all.get(name).replace("_", ""));
            } catch (NumberFormatException e) {
                throw new UsageException("--" + name + " must be a whole number, not '" + all.get(name) + "'");
            }
        }

        double decimal(String name) {
            try {
                return parseRate(all.get(name));
            } catch (NumberFormatException e) {
                throw new UsageException("--" + name + " must be a number, not '" + all.get(name) + "'");
            }
        }

        List<Double> decimals(String name) {
            try {
                return List.of(all.get(name).split(",")).stream().map(String::trim).map(Values::parseRate).toList();
            } catch (NumberFormatException e) {
                throw new UsageException("--" + name + " must be numbers separated by commas");
            }
        }

        /** Seconds by default; {@code 500ms}, {@code 30s}, {@code 2m} also work. */
        Duration duration(String name) {
            String raw = all.get(name).trim().toLowerCase(Locale.ROOT);
            try {
                if (raw.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(raw.substring(0, raw.length() - 2)));
                }
                if (raw.endsWith("m")) {
                    return Duration.ofMinutes(Long.parseLong(raw.substring(0, raw.length() - 1)));
                }
                if (raw.endsWith("s")) {
                    raw = raw.substring(0, raw.length() - 1);
                }
                return Duration.ofMillis(Math.round(Double.parseDouble(raw) * 1000));
            } catch (NumberFormatException e) {
                throw new UsageException("--" + name + " must be a duration such as 30, 30s, 2m or 500ms");
            }
        }

        /** {@code 20000}, {@code 20k}. */
        private static double parseRate(String raw) {
            String s = raw.trim().toLowerCase(Locale.ROOT).replace("_", "");
            return s.endsWith("k") ? Double.parseDouble(s.substring(0, s.length() - 1)) * 1000 : Double.parseDouble(s);
        }
    }
}
