package dev.parley.server.admin;

import dev.parley.protocol.ids.DeviceId;
import dev.parley.server.accounts.RegistrationMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admin command line: what each command parses to, and the refusals that exit with code 2. */
class AdminCommandParserTest {
    private final AdminCommandParser parser = new AdminCommandParser();

    private AdminCommand parse(String line) {
        return parser.parse(line.isEmpty() ? List.of() : Arrays.asList(line.split(" ")));
    }

    @Test
    void createUserFoldsTheUsernameAndDefaultsTheDisplayNameToIt() {
        assertThat(parse("create-user Bob")).isEqualTo(new AdminCommand.CreateUser("bob", "bob", null));
        assertThat(parse("create-user bob --display-name Bobby --password-file /run/pw"))
                .isEqualTo(new AdminCommand.CreateUser("bob", "Bobby", Path.of("/run/pw")));
        assertThat(parse("create-user bob").needsPassword()).isTrue();
    }

    @Test
    void createUserRefusesAUsernameThatRegistrationWouldRefuse() {
        assertThatThrownBy(() -> parse("create-user 1bob"))
                .isInstanceOf(AdminCommandParser.UsageException.class).hasMessageContaining("3 to 32 characters");
    }

    @Test
    void deviceCommandsTakeAUserAndADeviceUuid() {
        String id = "01936f0e-7d20-7a11-8b3c-4e6f9a0d2c11";
        assertThat(parse("reset-password bob")).isEqualTo(new AdminCommand.ResetPassword("bob", null));
        assertThat(parse("list-devices bob")).isEqualTo(new AdminCommand.ListDevices("bob"));
        assertThat(parse("revoke-device bob " + id)).isEqualTo(new AdminCommand.RevokeDevice("bob", DeviceId.parse(id)));
        assertThatThrownBy(() -> parse("revoke-device bob laptop"))
                .isInstanceOf(AdminCommandParser.UsageException.class).hasMessageContaining("UUID");
    }

    @Test
    void registrationWithoutAModeShowsItAndWithOneSetsIt() {
        assertThat(parse("registration")).isEqualTo(new AdminCommand.ShowRegistration());
        assertThat(parse("registration invite-only")).isEqualTo(new AdminCommand.SetRegistration(RegistrationMode.INVITE_ONLY));
        assertThat(parse("registration closed")).isEqualTo(new AdminCommand.SetRegistration(RegistrationMode.CLOSED));
        assertThatThrownBy(() -> parse("registration invite"))
                .isInstanceOf(AdminCommandParser.UsageException.class).hasMessageContaining("open, invite-only or closed");
    }

    @Test
    void inviteCreateDefaultsToOneUseForSevenDays() {
        assertThat(parse("invite create")).isEqualTo(new AdminCommand.CreateInvite(1, Duration.ofDays(7)));
        assertThat(parse("invite create --uses 5 --expires PT12H"))
                .isEqualTo(new AdminCommand.CreateInvite(5, Duration.ofHours(12)));
        assertThat(parse("invite create --expires never")).isEqualTo(new AdminCommand.CreateInvite(1, null));
        assertThat(parse("invite list")).isEqualTo(new AdminCommand.ListInvites());
        assertThat(parse("invite revoke abc")).isEqualTo(new AdminCommand.RevokeInvite("abc"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "frobnicate", "create-user", "create-user a b", "create-user bob --colour red",
            "create-user bob --display-name", "create-user bob --display-name A --display-name B",
            "list-devices", "revoke-device bob", "registration open closed", "invite", "invite make",
            "invite create --uses 0", "invite create --uses many", "invite create --expires 7d",
            "invite create --expires PT0S", "invite create extra", "invite list --uses 2", "invite revoke",
            "help me", "backup", "backup a.zip b.zip", "backup --uses 2 a.zip"})
    void badUsageIsRefusedWithAMessage(String line) {
        assertThatThrownBy(() -> parse(line)).isInstanceOf(AdminCommandParser.UsageException.class)
                .message().isNotBlank();
    }

    @Test
    void aBackupFileIsMadeAbsoluteWhereTheCommandRuns() {
        assertThat(parse("backup backups/parley.zip")).isEqualTo(new AdminCommand.Backup(
                java.nio.file.Path.of("backups/parley.zip").toAbsolutePath().normalize()));
    }

    @Test
    void helpIsACommand() {
        assertThat(parse("help")).isEqualTo(new AdminCommand.Help());
        assertThat(AdminCommandParser.USAGE).contains("create-user", "reset-password", "list-devices",
                "revoke-device", "registration", "invite create", "invite list", "invite revoke");
    }
}
