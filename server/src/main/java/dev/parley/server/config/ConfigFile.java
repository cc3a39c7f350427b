package dev.parley.server.config;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the server's application.yaml comes from. Without a named file, Helidon's default: application.yaml in
 * the working directory, else the one in the jar. With one (the release archive's launcher names its
 * config/application.yaml through the system property {@value #PROPERTY}), that file, over the jar's copy: a key
 * the file leaves out keeps the built-in value, so an older config file still gets new settings' defaults.
 */
public final class ConfigFile {
    /** The system property that names the configuration file. */
    public static final String PROPERTY = "parley.config";

    private ConfigFile() {
    }

    /** The configuration named by the system property {@value #PROPERTY}, else Helidon's default. */
    public static Config load() {
        String named = System.getProperty(PROPERTY, "");
        return named.isBlank() ? Config.create() : load(Path.of(named));
    }

    /** {@code file} over the built-in application.yaml; a missing or unreadable file is refused by name. */
    public static Config load(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("Configuration file " + file.toAbsolutePath()
                    + " (-D" + PROPERTY + ") does not exist or cannot be read");
        }
        return Config.builder()
                .addSource(ConfigSources.file(file))
                .addSource(ConfigSources.classpath("application.yaml"))
                .build();
    }
}
