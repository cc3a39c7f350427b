package dev.parley.server.conversations;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.MessageId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.ConversationKind;
import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MemberView;
import dev.parley.protocol.model.MessageKind;
import dev.parley.protocol.rest.ConversationList;
import dev.parley.protocol.rest.StartDirectChatRequest;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.accounts.AccountRepository;
import dev.parley.server.accounts.InviteLinks;
import dev.parley.server.accounts.Principal;
import dev.parley.server.accounts.UserRecord;
import dev.parley.server.http.ApiException;
import dev.parley.server.messaging.MessageRepository;
import dev.parley.server.messaging.MessageSealer;
import dev.parley.server.messaging.OrderedDelivery;
import dev.parley.server.messaging.StoredMessage;
import dev.parley.server.presence.PresenceService;
import dev.parley.server.realtime.Fanout;
import dev.parley.server.storage.Database;
import dev.parley.server.storage.IdGenerator;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Starting conversations and reading them; membership is the rule for everything. */
public final class ConversationService {
    private final Database database;
    private final ConversationRepository conversations;
    private final AccountRepository accounts;
    private final MessageRepository messages;
    private final MessageSealer sealer;
    private final PresenceService presence;
    private final Fanout fanout;
    private final OrderedDelivery delivery;
    private final IdGenerator ids;
    private final Clock clock;

    public ConversationService(Database database, ConversationRepository conversations, AccountRepository accounts,
                               MessageRepository messages, MessageSealer sealer, PresenceService presence,
                               Fanout fanout, OrderedDelivery delivery, IdGenerator ids, Clock clock) {
        this.database = database;
        this.conversations = conversations;
        this.accounts = accounts;
        this.messages = messages;
        this.sealer = sealer;
        this.presence = presence;
        this.fanout = fanout;
        this.delivery = delivery;
        this.ids = ids;
        this.clock = clock;
    }

    public record Started(ConversationView conversation, boolean created) {
    }

    /** The direct chat between the caller and another user, created on first use. */
    public Started startDirect(Principal principal, StartDirectChatRequest request) {
        UserRecord other = request.username() != null
                ? accounts.findUserByUsername(request.username())
                .orElseThrow(() -> ApiException.notFound("user_not_found", "No user with that username"))
                : InviteLinks.codeOf(request.inviteCode()).flatMap(accounts::findUserByInviteCode)
                .orElseThrow(() -> ApiException.notFound("invite_not_found",
                        "That invite link is not valid (it may have been replaced by a new one)"));
        UserId me = principal.userId();
        if (other.id().equals(me)) {
            throw ApiException.badRequest("cannot_chat_with_self", "You cannot start a chat with yourself");
        }
        String directKey = directKey(me, other.id());
        var existing = conversations.findDirect(directKey);
        if (existing.isPresent()) {
            return new Started(view(existing.get()), false);
        }
        ConversationId id = new ConversationId(ids.next());
        Instant now = clock.instant();
        List<StoredMessage> joins = List.of(joined(id, 1, me, me, principal, now), joined(id, 2, me, other.id(), principal, now));
        OrderedDelivery.Slot[] slot = {null};
        try {
            database.inTransaction(tx -> {
                conversations.insertConversation(tx, id, ConversationKind.DIRECT, directKey, now, joins.size());
                conversations.insertMember(tx, id, me, now);
                conversations.insertMember(tx, id, other.id(), now);
                joins.forEach(join -> messages.insert(tx, join));
                slot[0] = delivery.reserve(id);
                return null;
            });
        } catch (RuntimeException e) {
            if (slot[0] != null) {
                slot[0].cancel();
            }
            if (Database.isUniqueViolation(e)) {
                // The other user started the same chat at the same moment: theirs stands.
                return new Started(view(conversations.findDirect(directKey).orElseThrow(() -> e)), false);
            }
            throw e;
        }
        List<UserId> members = List.of(me, other.id());
        ConversationView view;
        try {
            view = view(id);
        } catch (RuntimeException e) {
            slot[0].cancel(); // committed all the same: the members get it by sync
            throw e;
        }
        slot[0].deliver(() -> {
            fanout.toUsers(members, new ServerFrame.Conversation(view));
            joins.forEach(join -> fanout.toUsers(members, new ServerFrame.Message(sealer.open(join))));
        });
        return new Started(view, true);
    }

    public ConversationList list(Principal principal) {
        List<ConversationView> mine = conversations.conversationsOf(principal.userId());
        return new ConversationList(mine, presence.presenceOf(othersIn(mine, principal.userId())));
    }

    public ConversationView get(Principal principal, ConversationId id) {
        requireMember(principal.userId(), id);
        return view(id);
    }

    /** Refuses a conversation the user is not in exactly as one that does not exist. */
    public void requireMember(UserId user, ConversationId id) {
        if (!conversations.isMember(id, user)) {
            throw ApiException.conversationNotFound();
        }
    }

    /** Everyone in these conversations but {@code me}, each once. */
    public static Set<UserId> othersIn(List<ConversationView> views, UserId me) {
        Set<UserId> others = new LinkedHashSet<>();
        for (ConversationView view : views) {
            for (MemberView member : view.members()) {
                others.add(member.userId());
            }
        }
        others.remove(me);
        return others;
    }

    private ConversationView view(ConversationId id) {
        return conversations.conversation(id).orElseThrow(ApiException::conversationNotFound);
    }

    private StoredMessage joined(ConversationId conversation, long seq, UserId actor, UserId subject,
                                 Principal principal, Instant at) {
        return new StoredMessage(new MessageId(ids.next()), conversation, seq, MessageKind.MEMBER_JOINED, actor,
                principal.deviceId(), null, subject, null, null, at);
    }

    /** One key per pair of users, whoever starts the chat: the two ids in order. */
    private static String directKey(UserId a, UserId b) {
        String x = a.toString();
        String y = b.toString();
        return x.compareTo(y) < 0 ? x + ":" + y : y + ":" + x;
    }
}
