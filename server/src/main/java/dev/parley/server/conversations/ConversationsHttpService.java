package dev.parley.server.conversations;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.rest.StartDirectChatRequest;
import dev.parley.server.accounts.AccountRepository;
import dev.parley.server.accounts.InviteLinks;
import dev.parley.server.accounts.Principal;
import dev.parley.server.accounts.UserRecord;
import dev.parley.server.http.ApiException;
import dev.parley.server.http.BearerAuth;
import dev.parley.server.http.JsonHttp;
import dev.parley.server.http.PathIds;
import dev.parley.server.messaging.MessagingService;
import dev.parley.server.receipts.ReceiptService;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Optional;

/** REST endpoints for conversations, their history, and invite look-up. */
public final class ConversationsHttpService implements HttpService {
    private final ConversationService conversations;
    private final MessagingService messaging;
    private final ReceiptService receipts;
    private final AccountRepository accounts;
    private final BearerAuth auth;
    private final JsonHttp json;

    public ConversationsHttpService(ConversationService conversations, MessagingService messaging,
                                    ReceiptService receipts, AccountRepository accounts, BearerAuth auth, JsonHttp json) {
        this.conversations = conversations;
        this.messaging = messaging;
        this.receipts = receipts;
        this.accounts = accounts;
        this.auth = auth;
        this.json = json;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/conversations/direct", this::startDirect)
                .get("/conversations", this::list)
                .get("/conversations/{conversationId}", this::get)
                .get("/conversations/{conversationId}/messages", this::history)
                .get("/conversations/{conversationId}/messages/{seq}/info", this::info)
                .get("/conversations/{conversationId}/people/{userId}", this::person)
                .get("/invites/{code}", this::invite);
    }

    private void startDirect(ServerRequest req, ServerResponse res) {
        Principal principal = auth.require(req);
        ConversationService.Started started =
                conversations.startDirect(principal, json.read(req, StartDirectChatRequest.class));
        json.send(res, started.created() ? Status.CREATED_201 : Status.OK_200, started.conversation());
    }

    private void list(ServerRequest req, ServerResponse res) {
        json.ok(res, conversations.list(auth.require(req)));
    }

    private void get(ServerRequest req, ServerResponse res) {
        Principal principal = auth.require(req);
        json.ok(res, conversations.get(principal, conversationId(req)));
    }

    private void history(ServerRequest req, ServerResponse res) {
        Principal principal = auth.require(req);
        Long before = longParam(req, "before");
        Long limit = longParam(req, "limit");
        json.ok(res, messaging.history(principal, conversationId(req), before,
                limit == null ? null : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, limit))));
    }

    private void person(ServerRequest req, ServerResponse res) {
        Principal principal = auth.require(req);
        ConversationId id = conversationId(req);
        UserId user = new UserId(PathIds.uuid(req.path().pathParameters().get("userId"), "member_not_found",
                "That user never was a member of this conversation"));
        json.ok(res, conversations.person(principal, id, user));
    }

    private void info(ServerRequest req, ServerResponse res) {
        Principal principal = auth.require(req);
        ConversationId id = conversationId(req);
        long seq;
        try {
            seq = Long.parseLong(req.path().pathParameters().get("seq"));
        } catch (NumberFormatException e) {
            throw ApiException.notFound("message_not_found", "No such message");
        }
        json.ok(res, receipts.info(principal, id, seq));
    }

    private void invite(ServerRequest req, ServerResponse res) {
        auth.require(req);
        UserRecord owner = InviteLinks.codeOf(req.path().pathParameters().get("code"))
                .flatMap(accounts::findUserByInviteCode)
                .orElseThrow(() -> ApiException.notFound("invite_not_found",
                        "That invite link is not valid (it may have been replaced by a new one)"));
        json.ok(res, owner.view());
    }

    private static ConversationId conversationId(ServerRequest req) {
        return new ConversationId(PathIds.uuid(req.path().pathParameters().get("conversationId"),
                "conversation_not_found", "No such conversation"));
    }

    private static Long longParam(ServerRequest req, String name) {
        Optional<String> raw = req.query().first(name).asOptional();
        if (raw.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(raw.get());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_field", name + " must be a whole number");
        }
    }
}
