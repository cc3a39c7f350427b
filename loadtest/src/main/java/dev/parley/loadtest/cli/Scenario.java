package dev.parley.loadtest.cli;

import java.util.Arrays;
import java.util.Locale;

/** The measurements the tool knows, as named on the command line. */
public enum Scenario {
    CONNECTIONS, DIRECT, RAMP, STORM, GROUP;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Scenario parse(String name) {
        return Arrays.stream(values()).filter(s -> s.cliName().equals(name)).findFirst()
                .orElseThrow(() -> new UsageException("Unknown scenario '" + name + "'; one of "
                        + Arrays.stream(values()).map(Scenario::cliName).toList()));
    }
}
