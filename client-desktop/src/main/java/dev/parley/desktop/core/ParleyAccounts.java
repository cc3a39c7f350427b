package dev.parley.desktop.core;

import dev.parley.desktop.core.api.ServerApi;
import dev.parley.desktop.core.session.SavedSession;
import dev.parley.desktop.core.session.SessionFile;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.codec.JsonCodec;
import dev.parley.protocol.rest.LoginRequest;
import dev.parley.protocol.rest.LoginResponse;
import dev.parley.protocol.rest.RegisterRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@link Accounts} over the server's REST API, remembering the session in the data folder. */
public final class ParleyAccounts implements Accounts {
    private final Path dataDir;
    private final SessionFile sessionFile;
    private final JsonCodec codec = new JsonCodec();

    public ParleyAccounts(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath();
        this.sessionFile = new SessionFile(this.dataDir);
    }

    @Override
    public void checkServer(URI server) {
        new ServerApi(server, codec).checkHealth();
    }

    @Override
    public ChatService register(URI server, String username, String displayName, String password, String deviceName,
                                String inviteCode) {
        ServerApi api = new ServerApi(server, codec);
        try {
            api.register(new RegisterRequest(username, displayName, null, password, inviteCode));
        } catch (ProtocolException e) {
            throw new ClientException(e.code(), e.getMessage());
        } catch (ClientException e) {
            throw new ClientException(e.code(), registrationMessage(e.code(), e.getMessage()));
        }
        return login(server, username, password, deviceName);
    }

    /** The server's registration-mode refusals, told in the app's words (a server's message may change). */
    private static String registrationMessage(String code, String serverMessage) {
        return switch (code) {
            case "invite_required" -> "This server is invite-only: ask its admin for an invite code.";
            case "invite_invalid" -> "That invite code is not valid: it may have expired, been used up or been "
                    + "revoked. Ask the server's admin for a new one.";
            case "registration_closed" -> "This server is not taking new accounts: ask its admin to create one "
                    + "for you.";
            default -> serverMessage;
        };
    }

    @Override
    public ChatService login(URI server, String username, String password, String deviceName) {
        ServerApi api = new ServerApi(server, codec);
        LoginResponse login;
        try {
            login = api.login(new LoginRequest(username, password, deviceName));
        } catch (ProtocolException e) {
            throw new ClientException(e.code(), e.getMessage());
        }
        SavedSession session = new SavedSession(api.server(), login.user(), login.deviceId(), login.token());
        sessionFile.write(session);
        return resume(session);
    }

    @Override
    public Optional<SavedSession> savedSession() {
        return sessionFile.read();
    }

    @Override
    public ChatService resume(SavedSession session) {
        Path accountDir = dataDir.resolve("accounts")
                .resolve(session.server().getHost() + "_" + port(session.server()))
                .resolve(session.user().id().toString());
        try {
            Files.createDirectories(accountDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + accountDir, e);
        }
        return ParleyChatClient.open(session, accountDir, sessionFile::delete);
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    private static int port(URI server) {
        if (server.getPort() > 0) {
            return server.getPort();
        }
        return "https".equals(server.getScheme()) ? 443 : 80;
    }
}
