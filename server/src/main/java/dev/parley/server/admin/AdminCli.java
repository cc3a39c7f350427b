package dev.parley.server.admin;

import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Validation;
import dev.parley.protocol.codec.JsonCodec;
import dev.parley.server.config.ServerSettings;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code parley-server admin ...}: parses the command, reads a new password when it needs one, then
 * sends it to the running server's admin socket or, when no server listens there, runs it itself.
 */
public final class AdminCli {
    private final Supplier<ServerSettings> settings;
    private final InputStream stdin;
    private final Console console;
    private final PrintStream out;
    private final PrintStream err;
    private final AdminCommandParser parser = new AdminCommandParser();

    /** {@code console}: the terminal, or null when there is none (the password is then read from stdin). */
    public AdminCli(Supplier<ServerSettings> settings, InputStream stdin, Console console, PrintStream out,
                    PrintStream err) {
        this.settings = settings;
        this.stdin = stdin;
        this.console = console;
        this.out = out;
        this.err = err;
    }

    /** Runs the command and returns the process's exit code. */
    public int run(List<String> args) {
        AdminCommand command;
        try {
            command = parser.parse(args);
        } catch (AdminCommandParser.UsageException e) {
            err.println(e.getMessage());
            err.println();
            err.println(AdminCommandParser.USAGE);
            return AdminResult.USAGE;
        }
        if (command instanceof AdminCommand.Help) {
            out.println(AdminCommandParser.USAGE);
            return AdminResult.OK;
        }
        try {
            String password = command.needsPassword() ? readPassword(command) : null;
            return print(execute(args, command, password));
        } catch (Refusal e) {
            err.println(e.getMessage());
            return AdminResult.FAILED;
        }
    }

    private AdminResult execute(List<String> args, AdminCommand command, String password) {
        ServerSettings config;
        try {
            config = settings.get();
        } catch (IllegalArgumentException e) {
            throw new Refusal(e.getMessage());
        }
        String actor = "cli:" + System.getProperty("user.name", "unknown");
        Path socket = AdminSocketServer.pathIn(config.dataDir());
        try {
            Optional<AdminResult> answer = new AdminSocketClient(socket, new JsonCodec())
                    .send(new AdminRequest(args, password, actor));
            if (answer.isPresent()) {
                return answer.get();
            }
        } catch (IOException e) {
            throw new Refusal("Cannot use the server's admin socket " + socket + ": " + e.getMessage()
                    + ". Run this as the user the server runs as.");
        }
        return DirectAdmin.run(config, command, password, actor);
    }

    private int print(AdminResult result) {
        if (!result.output().isEmpty()) {
            (result.exitCode() == AdminResult.OK ? out : err).println(result.output());
        }
        return result.exitCode();
    }

    private String readPassword(AdminCommand command) {
        Path file = switch (command) {
            case AdminCommand.CreateUser c -> c.passwordFile();
            case AdminCommand.ResetPassword r -> r.passwordFile();
            default -> null;
        };
        String password;
        if (file != null) {
            password = fromFile(file);
        } else if (console != null && console.isTerminal()) {
            password = fromTerminal();
        } else {
            password = fromStdin();
        }
        try {
            return Validation.password(password, "password");
        } catch (ProtocolException e) {
            throw new Refusal(e.getMessage() + ".");
        }
    }

    private static String fromFile(Path file) {
        try {
            // The file's final line break (editors add one) is not part of the password.
            return Files.readString(file, StandardCharsets.UTF_8).replaceFirst("\r?\n$", "");
        } catch (IOException e) {
            throw new Refusal("Cannot read the password file " + file + ": " + e.getMessage());
        }
    }

    private String fromTerminal() {
        char[] first = console.readPassword("New password: ");
        char[] second = first == null ? null : console.readPassword("Repeat the new password: ");
        if (first == null || second == null) {
            throw new Refusal("No password was given.");
        }
        try {
            if (!Arrays.equals(first, second)) {
                throw new Refusal("The two passwords differ; nothing was changed.");
            }
            return new String(first);
        } finally {
            Arrays.fill(first, ' ');
            Arrays.fill(second, ' ');
        }
    }

    private String fromStdin() {
        try {
            String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new Refusal("No password on standard input (give it as its first line, or use --password-file).");
            }
            return line;
        } catch (IOException e) {
            throw new Refusal("Cannot read the password from standard input: " + e.getMessage());
        }
    }

    /** A failure the admin can act on, told in one line with exit code 1. */
    private static final class Refusal extends RuntimeException {
        Refusal(String message) {
            super(message, null, false, false);
        }
    }
}
