package dev.parley.server.admin;

import dev.parley.protocol.ids.DeviceId;
import dev.parley.server.accounts.RegistrationMode;

import java.nio.file.Path;
import java.time.Duration;

/** One admin command, as parsed from the command line by {@link AdminCommandParser}. */
public sealed interface AdminCommand {

    /** True for the commands that set a password, which the command line reads before running them. */
    default boolean needsPassword() {
        return false;
    }

    record Help() implements AdminCommand {
    }

    /** {@code passwordFile} null: the password comes from the terminal or standard input. */
    record CreateUser(String username, String displayName, Path passwordFile) implements AdminCommand {
        @Override
        public boolean needsPassword() {
            return true;
        }
    }

    record ResetPassword(String username, Path passwordFile) implements AdminCommand {
        @Override
        public boolean needsPassword() {
            return true;
        }
    }

    record ListDevices(String username) implements AdminCommand {
    }

    record RevokeDevice(String username, DeviceId device) implements AdminCommand {
    }

    record ShowRegistration() implements AdminCommand {
    }

    record SetRegistration(RegistrationMode mode) implements AdminCommand {
    }

    /** {@code validFor} null: the invite never expires. */
    record CreateInvite(int uses, Duration validFor) implements AdminCommand {
        public CreateInvite {
            if (uses < 1) {
                throw new IllegalArgumentException("uses must be 1 or more, got " + uses);
            }
        }
    }

    record ListInvites() implements AdminCommand {
    }

    /** {@code file}: absolute, since the server that writes it may run in another directory. */
    record Backup(Path file) implements AdminCommand {
        public Backup {
            if (!file.isAbsolute()) {
                throw new IllegalArgumentException("the backup file must be an absolute path: " + file);
            }
        }
    }

    /** {@code codeOrId}: the invite's code, or its id as {@code invite list} shows it. */
    record RevokeInvite(String codeOrId) implements AdminCommand {
    }
}
