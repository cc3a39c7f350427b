package dev.parley.server.http;

import dev.parley.server.accounts.AccountService;
import dev.parley.server.accounts.Principal;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.webserver.http.ServerRequest;

import java.util.Optional;

/** Reads {@code Authorization: Bearer <token>} and asks the account service who it is. */
public final class BearerAuth {
    private static final String PREFIX = "bearer ";

    private final AccountService accounts;

    public BearerAuth(AccountService accounts) {
        this.accounts = accounts;
    }

    public Principal require(ServerRequest request) {
        return require(request.headers());
    }

    public Principal require(Headers headers) {
        return accounts.authenticate(token(headers).orElse(null));
    }

    public static Optional<String> token(Headers headers) {
        return headers.first(HeaderNames.AUTHORIZATION)
                .filter(value -> value.regionMatches(true, 0, PREFIX, 0, PREFIX.length()))
                .map(value -> value.substring(PREFIX.length()).strip());
    }
}
