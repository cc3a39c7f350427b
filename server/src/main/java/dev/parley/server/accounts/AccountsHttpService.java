package dev.parley.server.accounts;

import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.rest.ChangePasswordRequest;
import dev.parley.protocol.rest.LoginRequest;
import dev.parley.protocol.rest.RegisterRequest;
import dev.parley.server.http.BearerAuth;
import dev.parley.server.http.ClientAddress;
import dev.parley.server.http.JsonHttp;
import dev.parley.server.http.PathIds;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;


/** REST endpoints for accounts, sessions, devices and the personal invite. */
public final class AccountsHttpService implements HttpService {
    private final ClientAddress clientAddress;
    private final AccountService accounts;
    private final BearerAuth auth;
    private final JsonHttp json;

    public AccountsHttpService(AccountService accounts, BearerAuth auth, JsonHttp json, ClientAddress clientAddress) {
        this.clientAddress = clientAddress;
        this.accounts = accounts;
        this.auth = auth;
        this.json = json;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/accounts", this::register)
                .post("/sessions", this::login)
                .delete("/sessions/current", this::logout)
                .get("/me", this::profile)
                .put("/me/password", this::changePassword)
                .post("/me/invite", this::regenerateInvite)
                .get("/devices", this::devices)
                .delete("/devices/{deviceId}", this::revokeDevice);
    }

    private void register(ServerRequest req, ServerResponse res) {
        RegisterRequest request = json.read(req, RegisterRequest.class);
        json.send(res, Status.CREATED_201, accounts.register(request));
    }

    private void login(ServerRequest req, ServerResponse res) {
        LoginRequest request = json.read(req, LoginRequest.class);
        json.send(res, Status.CREATED_201, accounts.login(request, clientAddress.of(req)));
    }

    private void logout(ServerRequest req, ServerResponse res) {
        accounts.logout(auth.require(req));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void profile(ServerRequest req, ServerResponse res) {
        json.ok(res, accounts.profile(auth.require(req)));
    }

    private void changePassword(ServerRequest req, ServerResponse res) {
        Principal principal = auth.require(req);
        accounts.changePassword(principal, json.read(req, ChangePasswordRequest.class));
        res.status(Status.NO_CONTENT_204).send();
    }

    private void regenerateInvite(ServerRequest req, ServerResponse res) {
        json.ok(res, accounts.regenerateInvite(auth.require(req)));
    }

    private void devices(ServerRequest req, ServerResponse res) {
        json.ok(res, accounts.devices(auth.require(req)));
    }

    private void revokeDevice(ServerRequest req, ServerResponse res) {
        Principal principal = auth.require(req);
        DeviceId device = new DeviceId(PathIds.uuid(req.path().pathParameters().get("deviceId"),
                "device_not_found", "No such device session"));
        accounts.revokeDevice(principal, device);
        res.status(Status.NO_CONTENT_204).send();
    }

}
