package dev.parley.server.support;

import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.UserView;
import dev.parley.protocol.rest.LoginResponse;
import dev.parley.server.accounts.SessionTokens;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Many logged-in accounts written straight into a test server's database, for tests about hundreds of
 * members where registering each through the API would spend minutes on deliberately slow password
 * hashing. The rows are what registration and login write; the accounts cannot log in with a password.
 */
public final class SeededAccounts {
    private SeededAccounts() {
    }

    public static List<ParleyClient.Session> create(TestServer server, String hint, int count) {
        List<ParleyClient.Session> sessions = new ArrayList<>(count);
        long now = Instant.now().toEpochMilli();
        try (Connection db = server.openJdbc();
             PreparedStatement user = db.prepareStatement("INSERT INTO users (id, username, display_name, password_hash, "
                     + "invite_code, created_at) VALUES (?, ?, ?, 'seeded-no-password', ?, ?)");
             PreparedStatement device = db.prepareStatement("INSERT INTO devices (id, user_id, name, token_hash, "
                     + "created_at, last_active_at) VALUES (?, ?, 'Seeded', ?, ?, ?)")) {
            db.setAutoCommit(false);
            SessionTokens tokens = new SessionTokens();
            for (int i = 0; i < count; i++) {
                UUID userId = UUID.randomUUID();
                UUID deviceId = UUID.randomUUID();
                String username = ParleyClient.uniqueUsername(hint);
                String displayName = hint + " " + i;
                String token = tokens.newToken();
                user.setObject(1, userId);
                user.setString(2, username);
                user.setString(3, displayName);
                user.setString(4, tokens.randomCode(16));
                user.setLong(5, now);
                user.addBatch();
                device.setObject(1, deviceId);
                device.setObject(2, userId);
                device.setString(3, SessionTokens.hash(token));
                device.setLong(4, now);
                device.setLong(5, now);
                device.addBatch();
                UserView view = new UserView(new UserId(userId), username, displayName);
                sessions.add(new ParleyClient.Session(new ParleyClient.Account(username, null, null),
                        new LoginResponse(token, new DeviceId(deviceId), view, null)));
            }
            user.executeBatch();
            device.executeBatch();
            db.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not seed accounts", e);
        }
        return sessions;
    }
}
