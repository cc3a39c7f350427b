package dev.parley.server.accounts;

import dev.parley.protocol.Validation;
import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.rest.ChangePasswordRequest;
import dev.parley.protocol.rest.DeviceList;
import dev.parley.protocol.rest.DeviceView;
import dev.parley.protocol.rest.InviteView;
import dev.parley.protocol.rest.LoginRequest;
import dev.parley.protocol.rest.LoginResponse;
import dev.parley.protocol.rest.ProfileView;
import dev.parley.protocol.rest.RegisterRequest;
import dev.parley.server.http.ApiException;
import dev.parley.server.storage.Database;
import dev.parley.server.storage.IdGenerator;
import io.helidon.dbclient.DbExecute;
import io.helidon.http.Status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** The rules of accounts and device sessions. */
public final class AccountService {
    private static final int INVITE_CODE_BYTES = 16;
    /** last_active_at is refreshed at most this often, so that authentication is not a write per request. */
    private static final Duration TOUCH_GRANULARITY = Duration.ofMinutes(5);

    private final AccountRepository accounts;
    private final PasswordHasher hasher;
    private final SessionTokens tokens;
    private final LoginThrottle throttle;
    private final InviteLinks inviteLinks;
    private final IdGenerator ids;
    private final Clock clock;
    private final Duration sessionIdleTimeout;
    private final SessionListener sessionListener;
    private final Registration registration;

    public AccountService(AccountRepository accounts, PasswordHasher hasher, SessionTokens tokens,
                          LoginThrottle throttle, InviteLinks inviteLinks, IdGenerator ids, Clock clock,
                          Duration sessionIdleTimeout, SessionListener sessionListener, Registration registration) {
        this.accounts = accounts;
        this.registration = registration;
        this.hasher = hasher;
        this.tokens = tokens;
        this.throttle = throttle;
        this.inviteLinks = inviteLinks;
        this.ids = ids;
        this.clock = clock;
        this.sessionIdleTimeout = sessionIdleTimeout;
        this.sessionListener = sessionListener;
    }

    /** Registration through the API, as the server's registration mode allows. */
    public ProfileView register(RegisterRequest request) {
        registration.precheck(request.inviteCode());
        return create(request, false);
    }

    /** An account made by the server's admin: allowed whatever the registration mode, with no invite. */
    public ProfileView createByAdmin(RegisterRequest request) {
        return create(request, true);
    }

    private ProfileView create(RegisterRequest request, boolean byAdmin) {
        if (accounts.findUserByUsername(request.username()).isPresent()) {
            throw ApiException.conflict("username_taken", "That username is taken");
        }
        if (request.email() != null && accounts.emailTaken(request.email())) {
            throw ApiException.conflict("email_taken", "That email address is already registered");
        }
        UserRecord user = new UserRecord(new UserId(ids.next()), request.username(), request.displayName(),
                request.email(), hasher.hash(request.password()), tokens.randomCode(INVITE_CODE_BYTES),
                clock.instant(), null);
        try {
            Function<DbExecute, UserRecord> insert = tx -> {
                accounts.insertUser(tx, user);
                return user;
            };
            if (byAdmin) {
                registration.admitByAdmin(insert);
            } else {
                registration.admit(request.inviteCode(), insert);
            }
        } catch (RuntimeException e) {
            if (Database.isUniqueViolation(e)) {
                // Lost a race with a concurrent registration of the same username or email (the invite's use,
                // taken in the same transaction, is given back).
                throw ApiException.conflict("username_taken", "That username or email is taken");
            }
            throw e;
        }
        return profile(user);
    }

    public LoginResponse login(LoginRequest request, String address) {
        Optional<Duration> wait = throttle.retryAfter(request.username(), address);
        if (wait.isPresent()) {
            throw ApiException.tooManyRequests("Too many failed logins; try again in "
                    + dev.parley.server.http.JsonHttp.ceilSeconds(wait.get()) + " seconds", wait.get());
        }
        // A name that cannot exist is never looked up (and PostgreSQL refuses some characters, NUL among them).
        Optional<UserRecord> user = Validation.isPossibleUsername(request.username())
                ? accounts.findUserByUsername(request.username()) : Optional.empty();
        boolean ok;
        if (user.isPresent()) {
            ok = hasher.matches(request.password(), user.get().passwordHash());
        } else {
            hasher.burnDecoyCheck(request.password());
            ok = false;
        }
        if (!ok) {
            throttle.recordFailure(request.username(), address);
            throw ApiException.unauthorized("invalid_credentials", "Wrong username or password");
        }
        throttle.recordSuccess(request.username());
        Instant now = clock.instant();
        String token = tokens.newToken();
        DeviceRecord device = new DeviceRecord(new DeviceId(ids.next()), user.get().id(), request.deviceName(),
                now, now, null);
        accounts.insertDevice(device, SessionTokens.hash(token));
        return new LoginResponse(token, device.id(), user.get().view(), now.plus(sessionIdleTimeout));
    }

    /** Resolves a bearer token to its device; refuses unknown, revoked and expired tokens. */
    public Principal authenticate(String token) {
        if (token == null || token.isBlank()) {
            throw ApiException.unauthorized("unauthenticated", "Log in first: a bearer token is required");
        }
        DeviceRecord device = accounts.findDeviceByTokenHash(SessionTokens.hash(token))
                .filter(d -> d.revokedAt() == null)
                .orElseThrow(() -> ApiException.unauthorized("unauthenticated",
                        "This session is not valid; log in again"));
        Instant now = clock.instant();
        if (device.lastActiveAt().plus(sessionIdleTimeout).isBefore(now)) {
            accounts.revokeDevice(device.userId(), device.id(), now);
            throw ApiException.unauthorized("token_expired", "This session has expired; log in again");
        }
        if (Duration.between(device.lastActiveAt(), now).compareTo(TOUCH_GRANULARITY) > 0) {
            accounts.touchDevice(device.id(), now);
        }
        return new Principal(device.userId(), device.id());
    }

    /** Records that a device is still in use (its socket is open), so that its session does not idle out. */
    public void recordActivity(DeviceId device) {
        accounts.touchDevice(device, clock.instant());
    }

    public void logout(Principal principal) {
        endSession(principal.userId(), principal.deviceId());
    }

    public void revokeDevice(Principal principal, DeviceId device) {
        endSession(principal.userId(), device);
    }

    public DeviceList devices(Principal principal) {
        List<DeviceView> views = accounts.activeDevices(principal.userId()).stream()
                .map(d -> new DeviceView(d.id(), d.name(), d.createdAt(), d.lastActiveAt(),
                        d.id().equals(principal.deviceId())))
                .toList();
        return new DeviceList(views);
    }

    /** Changes the password and ends every other session of the account. */
    public void changePassword(Principal principal, ChangePasswordRequest request) {
        UserRecord user = user(principal.userId());
        if (!hasher.matches(request.currentPassword(), user.passwordHash())) {
            throw ApiException.badRequest("wrong_password", "The current password is not right");
        }
        accounts.updatePasswordHash(user.id(), hasher.hash(request.newPassword()));
        Instant now = clock.instant();
        List<DeviceId> others = accounts.activeDevices(user.id()).stream()
                .map(DeviceRecord::id)
                .filter(id -> !id.equals(principal.deviceId()))
                .filter(id -> accounts.revokeDevice(user.id(), id, now))
                .toList();
        sessionListener.sessionsEnded(others);
    }

    /** The user with this username (any case), for the server's admin. */
    public UserRecord userNamed(String username) {
        String folded = username.strip().toLowerCase(Locale.ROOT);
        return (Validation.isPossibleUsername(folded) ? accounts.findUserByUsername(folded) : Optional.<UserRecord>empty())
                .orElseThrow(() -> ApiException.notFound("user_not_found", "No user is named " + username));
    }

    /**
     * The admin sets a new password and ends every session of the account, so that whoever held one must
     * log in again with the new password. Returns how many sessions ended.
     */
    public int resetPassword(UserId userId, String newPassword) {
        String password = Validation.password(newPassword, "password");
        accounts.updatePasswordHash(userId, hasher.hash(password));
        Instant now = clock.instant();
        List<DeviceId> ended = accounts.activeDevices(userId).stream()
                .map(DeviceRecord::id)
                .filter(id -> accounts.revokeDevice(userId, id, now))
                .toList();
        sessionListener.sessionsEnded(ended);
        return ended.size();
    }

    /** Every device session the user ever had, ended ones too, oldest first. */
    public List<DeviceRecord> allDevices(UserId userId) {
        return accounts.allDevices(userId);
    }

    /** The admin ends one session of the user; its open sockets close at once. */
    public void revokeDevice(UserId userId, DeviceId device) {
        endSession(userId, device);
    }

    public ProfileView profile(Principal principal) {
        return profile(user(principal.userId()));
    }

    public InviteView regenerateInvite(Principal principal) {
        String code = tokens.randomCode(INVITE_CODE_BYTES);
        accounts.updateInviteCode(principal.userId(), code);
        return inviteLinks.view(code);
    }

    public UserRecord user(UserId id) {
        return accounts.findUserById(id)
                .orElseThrow(() -> ApiException.unauthorized("unauthenticated", "This account no longer exists"));
    }

    private void endSession(UserId user, DeviceId device) {
        if (!accounts.revokeDevice(user, device, clock.instant())) {
            throw new ApiException(Status.NOT_FOUND_404, "device_not_found", "No such device session");
        }
        sessionListener.sessionsEnded(List.of(device));
    }

    private ProfileView profile(UserRecord user) {
        return new ProfileView(user.id(), user.username(), user.displayName(), user.email(),
                inviteLinks.view(user.inviteCode()), user.createdAt());
    }
}
