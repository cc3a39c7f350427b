package dev.parley.server.accounts;

import dev.parley.server.http.ApiException;
import dev.parley.server.storage.Database;
import io.helidon.dbclient.DbExecute;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The rules of who may register: the server's registration mode and its registration invites. The mode is
 * read from the database on every registration, so that a change reaches every node at once.
 */
public final class Registration {
    private static final int CODE_BYTES = 16;
    private static final Pattern INVITE_ID = Pattern.compile("[0-9a-f]{" + RegistrationInvite.ID_LENGTH + "}");

    private final Database database;
    private final RegistrationRepository repository;
    private final SessionTokens codes;
    private final Clock clock;

    public Registration(Database database, RegistrationRepository repository, SessionTokens codes, Clock clock) {
        this.database = database;
        this.repository = repository;
        this.codes = codes;
        this.clock = clock;
    }

    /** A new invite and its code, which exists only here: the database keeps its hash. */
    public record CreatedInvite(String code, RegistrationInvite invite) {
    }

    public RegistrationMode mode() {
        return mode(database.client().execute());
    }

    public void setMode(RegistrationMode mode) {
        repository.setMode(mode.wireName());
    }

    /**
     * Refuses at once a registration that the mode rules out, before the request costs a password hash or
     * tells anything about which usernames exist.
     */
    public void precheck(String inviteCode) {
        switch (mode()) {
            case OPEN -> {
            }
            case INVITE_ONLY -> {
                if (inviteCode == null) {
                    throw inviteRequired();
                }
            }
            case CLOSED -> throw closed();
        }
    }

    /**
     * Runs {@code insert} (the account's insert) in one transaction with the admission: in invite-only mode
     * the invite loses a use in that transaction, so a failed insert gives the use back and two
     * registrations never share the last use.
     */
    public <T> T admit(String inviteCode, Function<DbExecute, T> insert) {
        return database.inTransaction(tx -> {
            switch (mode(tx)) {
                case OPEN -> {
                }
                case INVITE_ONLY -> {
                    if (inviteCode == null) {
                        throw inviteRequired();
                    }
                    // Unknown, expired, used up or revoked: one answer, so that the code's fate is not told.
                    Optional<String> code = InviteLinks.codeOf(inviteCode);
                    if (code.isEmpty() || !repository.consumeInvite(tx, SessionTokens.hash(code.get()),
                            clock.instant())) {
                        throw ApiException.forbidden("invite_invalid",
                                "That invite code is not valid (it may have expired, been used up or been revoked)");
                    }
                }
                case CLOSED -> throw closed();
            }
            return insert.apply(tx);
        });
    }

    /** Runs an admin's account insert in a transaction of its own: no mode or invite applies. */
    public <T> T admitByAdmin(Function<DbExecute, T> insert) {
        return database.inTransaction(insert::apply);
    }

    /** {@code validFor} null: the invite never expires. */
    public CreatedInvite createInvite(int uses, Duration validFor, String createdBy) {
        if (uses < 1) {
            throw new IllegalArgumentException("An invite has at least one use, got " + uses);
        }
        String code = codes.randomCode(CODE_BYTES);
        Instant now = clock.instant();
        RegistrationInvite invite = new RegistrationInvite(SessionTokens.hash(code), now,
                validFor == null ? null : now.plus(validFor), uses, null, createdBy);
        repository.insertInvite(invite);
        return new CreatedInvite(code, invite);
    }

    public List<RegistrationInvite> invites() {
        return repository.invites();
    }

    /** Revokes the invite named by its code or by its id (as listed); false if there is no such valid invite. */
    public boolean revokeInvite(String codeOrId) {
        String given = codeOrId.strip();
        Optional<String> hash;
        if (INVITE_ID.matcher(given).matches()) {
            List<String> hashes = repository.hashesStartingWith(given);
            hash = hashes.size() == 1 ? Optional.of(hashes.getFirst()) : Optional.empty();
        } else {
            hash = InviteLinks.codeOf(given).map(SessionTokens::hash);
        }
        return hash.isPresent() && repository.revokeInvite(hash.get(), clock.instant());
    }

    public Instant now() {
        return clock.instant();
    }

    private RegistrationMode mode(DbExecute exec) {
        String stored = repository.mode(exec).orElse(RegistrationMode.OPEN.wireName());
        // An unknown stored value (a hand edit) refuses registration rather than opening the server.
        return RegistrationMode.of(stored).orElse(RegistrationMode.CLOSED);
    }

    private static ApiException inviteRequired() {
        return ApiException.forbidden("invite_required",
                "This server is invite-only: ask its admin for an invite code");
    }

    private static ApiException closed() {
        return ApiException.forbidden("registration_closed",
                "This server is not taking new accounts: ask its admin to create one for you");
    }
}
