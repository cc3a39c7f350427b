package dev.parley.server.admin;

import dev.parley.server.accounts.AccountRepository;
import dev.parley.server.accounts.AccountService;
import dev.parley.server.accounts.InMemoryFailedLogins;
import dev.parley.server.accounts.InviteLinks;
import dev.parley.server.accounts.LoginThrottle;
import dev.parley.server.accounts.PasswordHasher;
import dev.parley.server.accounts.Registration;
import dev.parley.server.accounts.RegistrationRepository;
import dev.parley.server.accounts.SessionTokens;
import dev.parley.server.config.ServerSettings;
import dev.parley.server.storage.Database;
import dev.parley.server.storage.IdGenerator;

import java.sql.SQLException;
import java.time.Clock;

/**
 * Runs an admin command with no server running: opens the configured database (migrating it, as a
 * server would) and builds only the services that admin commands use.
 */
final class DirectAdmin {
    /** H2's "Database may be already in use": another process has the embedded database open. */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

    private DirectAdmin() {
    }

    static AdminResult run(ServerSettings settings, AdminCommand command, String password, String actor) {
        Database database;
        try {
            database = Database.open(settings.effectiveDbUrl(), settings.dbUser(), settings.dbPassword(), 2,
                    settings.dbConnectTimeout());
        } catch (RuntimeException e) {
            if (lockedByAnotherProcess(e)) {
                return AdminResult.failed("The database in " + settings.dataDir() + " is in use by another process "
                        + "(a running server?), and no server answers on "
                        + AdminSocketServer.pathIn(settings.dataDir()) + ". Run this as the user the server runs as, "
                        + "with the same data dir (PARLEY_DATA_DIR), or stop the server first.");
            }
            return AdminResult.failed("Cannot open the database: " + e.getMessage());
        }
        try (database) {
            Clock clock = settings.clock();
            SessionTokens tokens = new SessionTokens();
            Registration registration = new Registration(database, new RegistrationRepository(database), tokens, clock);
            AccountService accounts = new AccountService(new AccountRepository(database),
                    new PasswordHasher(settings.passwordHashMemoryKib(), settings.passwordHashIterations()), tokens,
                    new LoginThrottle(new InMemoryFailedLogins(), clock, settings.loginWindow(),
                            settings.loginMaxPerAccount(), settings.loginMaxPerAddress()),
                    new InviteLinks(() -> settings.effectivePublicUrl(settings.port())), new IdGenerator(), clock,
                    settings.sessionIdleTimeout(), devices -> {
                        // No server here, so no socket here: an ended session's token fails from now on.
                    }, registration);
            // Several nodes mean Redis: their open sockets cannot be reached from here.
            return new AdminExecutor(accounts, registration, database, !settings.usesRedis()).run(command, password, actor);
        }
    }

    private static boolean lockedByAnotherProcess(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN) {
                return true;
            }
            if (t.getMessage() != null && t.getMessage().contains("Database may be already in use")) {
                return true;
            }
        }
        return false;
    }
}
