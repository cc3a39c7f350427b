package dev.parley.server;

import dev.parley.protocol.ParleyVersion;
import dev.parley.server.config.ConfigFile;
import dev.parley.server.admin.AdminCli;
import dev.parley.server.config.ServerSettings;
import dev.parley.server.logging.LogSetup;
import dev.parley.server.storage.backup.RestoreBackupCommand;
import dev.parley.server.storage.copy.CopyDatabaseCommand;
import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code java -jar parley-server.jar} starts a Parley server as configured by application.yaml and
 * PARLEY_* environment variables; with a command as first argument it runs that command instead.
 */
public final class Main {
    /** Held so that its level stays set: java.util.logging keeps loggers only weakly. */
    private static final Logger PARLEY_LOG = Logger.getLogger("dev.parley");

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            serve();
            return;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "serve" -> serve();
            case "copy-database" -> System.exit(copyDatabase(rest));
            case "restore-backup" -> System.exit(restoreBackup(rest));
            case "admin" -> System.exit(admin(rest));
            case "--version", "version" -> System.out.println("Parley server " + ParleyVersion.current());
            case "--help", "help" -> usage(System.out);
            case "healthcheck" -> System.exit(healthcheck(rest));
            default -> {
                System.err.println("Unknown command: " + args[0]);
                usage(System.err);
                System.exit(2);
            }
        }
    }

    private static void usage(PrintStream out) {
        out.println("""
                Usage: java -jar parley-server.jar [command]

                Commands:
                  serve            start the server (the default)
                  admin <command>  manage users, devices, registration and invites
                                   (admin help lists the commands)
                  copy-database    copy this server's database into a new one (H2 to PostgreSQL)
                  restore-backup   put an embedded-database backup back (server stopped)
                  version          print the version
                  healthcheck [url]
                                   exit 0 if the server answers 200 at url (default: this configuration's
                                   port on 127.0.0.1, /observe/health/ready), else 1
                  help             print this help

                Settings come from PARLEY_* environment variables, else application.yaml: the file named by
                -Dparley.config=FILE, else ./application.yaml, else the built-in one (see docs/SELF-HOSTING.md).""");
    }

    private static int healthcheck(String[] args) {
        if (args.length > 1) {
            System.err.println("Usage: java -jar parley-server.jar healthcheck [url]");
            return 2;
        }
        URI url = args.length == 1 ? URI.create(args[0])
                : HealthCheckCommand.defaultUrl(ServerSettings.load(ConfigFile.load(), System.getenv()));
        return HealthCheckCommand.run(url, System.out);
    }

    private static int copyDatabase(String[] args) {
        LogConfig.configureRuntime();
        ServerSettings settings = ServerSettings.load(ConfigFile.load(), System.getenv());
        return new CopyDatabaseCommand(System.out, System.err).run(List.of(args), settings, System.getenv());
    }

    private static int restoreBackup(String[] args) {
        LogConfig.configureRuntime();
        ServerSettings settings = ServerSettings.load(ConfigFile.load(), System.getenv());
        return new RestoreBackupCommand(System.out, System.err, Clock.systemUTC()).run(List.of(args), settings);
    }

    /** Runs inside the running server through its admin socket when there is one, else on the database. */
    private static int admin(String[] args) {
        LogConfig.configureRuntime();
        // The command's own output is what the admin reads; the log says only what went wrong.
        LogSetup.apply("text", "WARNING");
        PARLEY_LOG.setLevel(Level.WARNING);
        return new AdminCli(() -> ServerSettings.load(ConfigFile.load(), System.getenv()), System.in, System.console(),
                System.out, System.err).run(Arrays.asList(args));
    }

    private static void serve() {
        LogConfig.configureRuntime();
        Logger log = Logger.getLogger(Main.class.getName());
        Config config = ConfigFile.load();
        ServerSettings settings = ServerSettings.load(config, System.getenv());
        LogSetup.apply(settings.logFormat(), settings.logLevel());
        ParleyServer server = ParleyServer.start(settings, config.get("server"));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "parley-shutdown"));
        long startedMs = ManagementFactory.getRuntimeMXBean().getUptime();
        log.info(() -> "Parley server " + ParleyVersion.current() + " started in " + startedMs + " ms on port "
                + server.port() + " (" + (settings.dbUrl().isBlank() ? "embedded H2 in " + settings.dataDir()
                : "database " + settings.dbUrl().replaceAll("password=[^&;]*", "password=***"))
                + (settings.usesRedis() ? ", Redis presence" : ", in-process presence") + ")");
    }
}
