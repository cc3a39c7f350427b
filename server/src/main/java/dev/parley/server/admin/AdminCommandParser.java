package dev.parley.server.admin;

import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Validation;
import dev.parley.protocol.ids.DeviceId;
import dev.parley.server.accounts.RegistrationMode;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Turns the words after {@code admin} into an {@link AdminCommand}, or refuses them with a {@link UsageException}. */
public final class AdminCommandParser {
    public static final String USAGE = """
            Usage: java -jar parley-server.jar admin <command> [arguments]

            Commands:
              create-user <username> [--display-name NAME] [--password-file FILE]
                                          create an account (whatever the registration mode)
              reset-password <username> [--password-file FILE]
                                          set a new password and end all the user's sessions
              list-devices <username>     list the user's device sessions
              revoke-device <username> <deviceId>
                                          end one device session (its open connection closes)
              registration [open|invite-only|closed]
                                          show or set who may register
              invite create [--uses N] [--expires DURATION|never]
                                          make a registration invite (default: 1 use, expires in P7D)
              invite list                 list registration invites
              invite revoke <code|id>     revoke a registration invite
              backup <file.zip>           back up the embedded H2 database while the server runs
                                          (PostgreSQL: deploy/backup/backup-postgres.sh)
              help                        print this help

            A new password is read from FILE, else asked twice on the terminal, else read as the first
            line of standard input. DURATION is ISO-8601, such as P7D or PT12H.
            With a server running on this machine (same data dir), the command runs inside it through
            <data-dir>/admin.sock; otherwise it runs against the configured database itself.
            Exit codes: 0 done, 1 failed, 2 bad usage.""";

    private static final Duration DEFAULT_INVITE_LIFETIME = Duration.ofDays(7);

    /** The arguments do not make a command; the message says why. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }

    public AdminCommand parse(List<String> args) {
        if (args.isEmpty()) {
            throw new UsageException("Name a command.");
        }
        String command = args.getFirst();
        Arguments rest = Arguments.of(args.subList(1, args.size()), switch (command) {
            case "create-user" -> Set.of("--display-name", "--password-file");
            case "reset-password" -> Set.of("--password-file");
            case "invite" -> Set.of("--uses", "--expires");
            default -> Set.of();
        });
        return switch (command) {
            case "help", "--help", "-h" -> rest.none(new AdminCommand.Help());
            case "create-user" -> {
                String username = username(rest.exactly(1, "create-user <username>").getFirst());
                String displayName = rest.option("--display-name");
                yield new AdminCommand.CreateUser(username, displayName == null ? username : displayName(displayName),
                        path(rest.option("--password-file")));
            }
            case "reset-password" -> new AdminCommand.ResetPassword(
                    username(rest.exactly(1, "reset-password <username>").getFirst()),
                    path(rest.option("--password-file")));
            case "list-devices" -> new AdminCommand.ListDevices(
                    username(rest.exactly(1, "list-devices <username>").getFirst()));
            case "revoke-device" -> {
                List<String> words = rest.exactly(2, "revoke-device <username> <deviceId>");
                yield new AdminCommand.RevokeDevice(username(words.get(0)), deviceId(words.get(1)));
            }
            case "registration" -> registration(rest);
            case "invite" -> invite(rest);
            case "backup" -> new AdminCommand.Backup(
                    Path.of(rest.exactly(1, "backup <file.zip>").getFirst()).toAbsolutePath().normalize());
            default -> throw new UsageException("Unknown admin command: " + command);
        };
    }

    private static AdminCommand registration(Arguments rest) {
        if (rest.words().isEmpty()) {
            return new AdminCommand.ShowRegistration();
        }
        String mode = rest.exactly(1, "registration [open|invite-only|closed]").getFirst();
        return new AdminCommand.SetRegistration(RegistrationMode.of(mode).orElseThrow(() ->
                new UsageException("The registration mode is open, invite-only or closed, not " + mode)));
    }

    private static AdminCommand invite(Arguments rest) {
        if (rest.words().isEmpty()) {
            throw new UsageException("invite needs create, list or revoke.");
        }
        String action = rest.words().getFirst();
        Arguments after = rest.dropFirst();
        return switch (action) {
            case "create" -> {
                after.exactly(0, "invite create [--uses N] [--expires DURATION|never]");
                yield new AdminCommand.CreateInvite(uses(after.option("--uses")), lifetime(after.option("--expires")));
            }
            case "list" -> after.onlyWords(0, "invite list", new AdminCommand.ListInvites());
            case "revoke" -> {
                after.noOptions();
                yield new AdminCommand.RevokeInvite(after.exactly(1, "invite revoke <code|id>").getFirst());
            }
            default -> throw new UsageException("invite needs create, list or revoke, not " + action);
        };
    }

    private static String username(String raw) {
        try {
            return Validation.username(raw);
        } catch (ProtocolException e) {
            throw new UsageException(e.getMessage() + ": " + raw);
        }
    }

    private static String displayName(String raw) {
        try {
            return Validation.displayName(raw);
        } catch (ProtocolException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static DeviceId deviceId(String raw) {
        try {
            return new DeviceId(UUID.fromString(raw));
        } catch (IllegalArgumentException e) {
            throw new UsageException("A device id is a UUID (as list-devices shows it), not " + raw);
        }
    }

    private static Path path(String raw) {
        return raw == null ? null : Path.of(raw);
    }

    private static int uses(String raw) {
        if (raw == null) {
            return 1;
        }
        try {
            int uses = Integer.parseInt(raw);
            if (uses >= 1) {
                return uses;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new UsageException("--uses takes a whole number of 1 or more, not " + raw);
    }

    private static Duration lifetime(String raw) {
        if (raw == null) {
            return DEFAULT_INVITE_LIFETIME;
        }
        if (raw.equals("never")) {
            return null;
        }
        try {
            Duration lifetime = Duration.parse(raw);
            if (lifetime.isPositive()) {
                return lifetime;
            }
        } catch (DateTimeParseException e) {
            // refused below
        }
        throw new UsageException("--expires takes an ISO-8601 duration such as P7D or PT12H, or never; not " + raw);
    }

    /** Positional words and {@code --name value} options, each option allowed once. */
    private record Arguments(List<String> words, Map<String, String> options) {
        static Arguments of(List<String> args, Set<String> allowed) {
            List<String> words = new ArrayList<>();
            Map<String, String> options = new HashMap<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (!arg.startsWith("--")) {
                    words.add(arg);
                    continue;
                }
                if (!allowed.contains(arg)) {
                    throw new UsageException("Unknown option " + arg);
                }
                if (i + 1 >= args.size()) {
                    throw new UsageException(arg + " needs a value");
                }
                if (options.put(arg, args.get(++i)) != null) {
                    throw new UsageException(arg + " is given twice");
                }
            }
            return new Arguments(List.copyOf(words), Map.copyOf(options));
        }

        String option(String name) {
            return options.get(name);
        }

        List<String> exactly(int count, String form) {
            if (words.size() != count) {
                throw new UsageException("Expected: " + form);
            }
            return words;
        }

        void noOptions() {
            if (!options.isEmpty()) {
                throw new UsageException("Unknown option " + options.keySet().iterator().next());
            }
        }

        <T> T onlyWords(int count, String form, T command) {
            noOptions();
            exactly(count, form);
            return command;
        }

        <T> T none(T command) {
            return onlyWords(0, "no arguments", command);
        }

        Arguments dropFirst() {
            return new Arguments(words.subList(1, words.size()), options);
        }
    }
}
