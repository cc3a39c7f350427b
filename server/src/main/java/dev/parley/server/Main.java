package dev.parley.server;

import dev.parley.server.config.ServerSettings;
import dev.parley.server.logging.LogSetup;
import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;

import java.lang.management.ManagementFactory;
import java.util.logging.Logger;

/** Starts a Parley server as configured by application.yaml and PARLEY_* environment variables. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        LogConfig.configureRuntime();
        Logger log = Logger.getLogger(Main.class.getName());
        Config config = Config.create();
        ServerSettings settings = ServerSettings.load(config, System.getenv());
        LogSetup.apply(settings.logFormat(), settings.logLevel());
        ParleyServer server = ParleyServer.start(settings, config.get("server"));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "parley-shutdown"));
        long startedMs = ManagementFactory.getRuntimeMXBean().getUptime();
        log.info(() -> "Parley server started in " + startedMs + " ms on port " + server.port()
                + " (" + (settings.dbUrl().isBlank() ? "embedded H2 in " + settings.dataDir() : "database "
                + settings.dbUrl().replaceAll("password=[^&;]*", "password=***"))
                + (settings.usesRedis() ? ", Redis presence" : ", in-process presence") + ")");
    }
}
