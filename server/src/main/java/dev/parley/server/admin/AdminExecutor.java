package dev.parley.server.admin;

import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.rest.ProfileView;
import dev.parley.protocol.rest.RegisterRequest;
import dev.parley.server.accounts.AccountService;
import dev.parley.server.accounts.DeviceRecord;
import dev.parley.server.accounts.Registration;
import dev.parley.server.accounts.RegistrationInvite;
import dev.parley.server.accounts.UserRecord;
import dev.parley.server.http.ApiException;
import dev.parley.server.storage.Database;
import dev.parley.server.storage.backup.BackupException;
import dev.parley.server.storage.backup.H2Backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs admin commands with the server's own services: inside a running server (through the admin
 * socket) or, with no server running, against the database directly. Refusals (no such user, a bad
 * password) end with exit code 1 and say why.
 */
public final class AdminExecutor {
    private final AccountService accounts;
    private final Registration registration;
    private final Database database;
    private final boolean closesLiveSockets;

    /**
     * {@code closesLiveSockets}: whether ending a session here also closes its open connections — true
     * inside a server (on every node, through the relay), false when run directly while other nodes may be up.
     */
    public AdminExecutor(AccountService accounts, Registration registration, Database database,
                         boolean closesLiveSockets) {
        this.accounts = accounts;
        this.registration = registration;
        this.database = database;
        this.closesLiveSockets = closesLiveSockets;
    }

    /** {@code password}: the new password, for the commands that set one; {@code actor}: who runs it. */
    public AdminResult run(AdminCommand command, String password, String actor) {
        if (command.needsPassword() && password == null) {
            return AdminResult.failed("No password was given.");
        }
        try {
            return switch (command) {
                case AdminCommand.Help() -> AdminResult.ok(AdminCommandParser.USAGE);
                case AdminCommand.CreateUser(String username, String displayName, var ignored) ->
                        createUser(username, displayName, password);
                case AdminCommand.ResetPassword(String username, var ignored) -> resetPassword(username, password);
                case AdminCommand.ListDevices(String username) -> listDevices(username);
                case AdminCommand.RevokeDevice(String username, var device) -> {
                    accounts.revokeDevice(accounts.userNamed(username).id(), device);
                    yield AdminResult.ok("Revoked device " + device + " of " + username + ": it must log in again"
                            + (closesLiveSockets ? "; its open connection was closed." : "." + otherNodesNote()));
                }
                case AdminCommand.ShowRegistration() -> AdminResult.ok("Registration: " + registration.mode().wireName());
                case AdminCommand.SetRegistration(var mode) -> {
                    registration.setMode(mode);
                    yield AdminResult.ok("Registration is now " + mode.wireName() + ".");
                }
                case AdminCommand.CreateInvite(int uses, var validFor) -> {
                    Registration.CreatedInvite created = registration.createInvite(uses, validFor, actor);
                    RegistrationInvite invite = created.invite();
                    yield AdminResult.ok(created.code() + "\n(invite " + invite.id() + ": " + uses
                            + (uses == 1 ? " use" : " uses") + ", " + (invite.expiresAt() == null ? "never expires"
                            : "expires " + time(invite.expiresAt())) + ". The code is shown only now: the server "
                            + "keeps only its hash.)");
                }
                case AdminCommand.ListInvites() -> listInvites();
                case AdminCommand.RevokeInvite(String codeOrId) -> registration.revokeInvite(codeOrId)
                        ? AdminResult.ok("Revoked the invite.")
                        : AdminResult.failed("No valid invite has that code or id (see: admin invite list).");
                case AdminCommand.Backup(Path file) -> backup(file);
            };
        } catch (ApiException | ProtocolException | BackupException e) {
            return AdminResult.failed(e.getMessage() + ".");
        }
    }

    private AdminResult backup(Path file) {
        Path written = H2Backup.write(database, file);
        long bytes;
        try {
            bytes = Files.size(written);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return AdminResult.ok("Backed up the embedded database to " + written + " (" + String.format(Locale.ROOT,
                "%,d", bytes) + " bytes). Keep the master key with it, apart from it: without the key the messages"
                + " in it cannot be read. Restore with: parley-server restore-backup --from " + written
                + " [--key master.key]");
    }

    private AdminResult createUser(String username, String displayName, String password) {
        ProfileView created = accounts.createByAdmin(new RegisterRequest(username, displayName, null, password, null));
        return AdminResult.ok("Created user " + created.username() + " (" + created.displayName() + "), id "
                + created.id() + ". They can log in now.");
    }

    private AdminResult resetPassword(String username, String password) {
        UserRecord user = accounts.userNamed(username);
        int ended = accounts.resetPassword(user.id(), password);
        return AdminResult.ok("Set a new password for " + user.username() + " and ended " + ended
                + (ended == 1 ? " session" : " sessions") + ": every device must log in again with the new password"
                + (closesLiveSockets ? "; open connections were closed." : "." + otherNodesNote()));
    }

    private AdminResult listDevices(String username) {
        List<DeviceRecord> devices = accounts.allDevices(accounts.userNamed(username).id());
        if (devices.isEmpty()) {
            return AdminResult.ok(username + " has no device sessions.");
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("DEVICE ID", "NAME", "CREATED", "LAST ACTIVE", "STATUS"));
        for (DeviceRecord d : devices) {
            rows.add(List.of(d.id().toString(), d.name(), time(d.createdAt()), time(d.lastActiveAt()),
                    d.revokedAt() == null ? "active" : "revoked " + time(d.revokedAt())));
        }
        return AdminResult.ok(table(rows));
    }

    private AdminResult listInvites() {
        List<RegistrationInvite> invites = registration.invites();
        if (invites.isEmpty()) {
            return AdminResult.ok("No registration invites.");
        }
        Instant now = registration.now();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("ID", "CREATED", "EXPIRES", "USES LEFT", "STATUS", "CREATED BY"));
        for (RegistrationInvite i : invites) {
            rows.add(List.of(i.id(), time(i.createdAt()), i.expiresAt() == null ? "never" : time(i.expiresAt()),
                    Integer.toString(i.usesLeft()), i.status(now), i.createdBy()));
        }
        return AdminResult.ok(table(rows));
    }

    private static String otherNodesNote() {
        return " A connection it has open to another node stays open until it reconnects: run admin on a"
                + " node's host to close it at once.";
    }

    private static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String table(List<List<String>> rows) {
        int[] widths = new int[rows.getFirst().size()];
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                line.append(c == row.size() - 1 ? row.get(c) : String.format("%-" + widths[c] + "s  ", row.get(c)));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString().stripTrailing();
    }
}
