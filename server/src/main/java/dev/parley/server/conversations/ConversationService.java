package dev.parley.server.conversations;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.ConversationKind;
import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MemberRole;
import dev.parley.protocol.model.MemberView;
import dev.parley.protocol.model.MessageKind;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.model.UserView;
import dev.parley.protocol.rest.ConversationList;
import dev.parley.protocol.rest.StartDirectChatRequest;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.accounts.AccountRepository;
import dev.parley.server.accounts.InviteLinks;
import dev.parley.server.accounts.Principal;
import dev.parley.server.accounts.UserRecord;
import dev.parley.server.http.ApiException;
import dev.parley.server.messaging.LogWriter;
import dev.parley.server.presence.PresenceService;
import dev.parley.server.realtime.Fanout;
import dev.parley.server.storage.Database;
import dev.parley.server.storage.IdGenerator;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Starting direct chats and reading conversations; membership is the rule for everything. */
public final class ConversationService {
    private final ConversationRepository conversations;
    private final AccountRepository accounts;
    private final PresenceService presence;
    private final Fanout fanout;
    private final LogWriter log;
    private final IdGenerator ids;

    public ConversationService(ConversationRepository conversations, AccountRepository accounts,
                               PresenceService presence, Fanout fanout, LogWriter log, IdGenerator ids) {
        this.conversations = conversations;
        this.accounts = accounts;
        this.presence = presence;
        this.fanout = fanout;
        this.log = log;
        this.ids = ids;
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
        LogWriter.Written<Void> written;
        try {
            written = log.create(id, (tx, now) -> conversations.insertConversation(tx, id, ConversationKind.DIRECT,
                    directKey, null, null, null, now), entries -> {
                for (UserId member : List.of(me, other.id())) {
                    conversations.addMember(entries.tx(), id, member, MemberRole.MEMBER, 0, entries.now());
                    entries.appendEvent(MessageKind.MEMBER_JOINED, me, principal.deviceId(), member, null);
                }
                return null;
            });
        } catch (RuntimeException e) {
            if (Database.isUniqueViolation(e)) {
                // The other user started the same chat at the same moment: theirs stands.
                return new Started(view(conversations.findDirect(directKey).orElseThrow(() -> e)), false);
            }
            throw e;
        }
        ConversationView view = announceCreated(written, id);
        return new Started(view, true);
    }

    /**
     * After a new conversation commits: its view and first entries to every member's devices, in
     * order. Returns the view.
     */
    public ConversationView announceCreated(LogWriter.Written<?> written, ConversationId id) {
        ConversationView view;
        try {
            view = view(id);
        } catch (RuntimeException e) {
            written.cancel(); // committed all the same: the members get it by sync
            throw e;
        }
        List<UserId> members = view.members().stream().map(MemberView::userId).toList();
        written.deliver(() -> {
            fanout.toUsers(members, new ServerFrame.Conversation(view));
            for (MessageView entry : written.entries()) {
                fanout.toUsers(members, new ServerFrame.Message(entry));
            }
        });
        return view;
    }

    public ConversationList list(Principal principal) {
        List<ConversationView> mine = conversations.conversationsOf(principal.userId()).stream()
                .map(ConversationRepository.Listed::view).toList();
        return new ConversationList(mine, presence.presenceOf(othersIn(mine, principal.userId())));
    }

    /** The conversation as the caller sees it: with its members, or as a former member's inactive view. */
    public ConversationView get(Principal principal, ConversationId id) {
        ConversationRepository.Membership membership = conversations.membership(id, principal.userId())
                .orElseThrow(ApiException::conversationNotFound);
        return membership.active() ? view(id)
                : conversations.formerView(id, principal.userId()).orElseThrow(ApiException::conversationNotFound);
    }

    /**
     * Who a log entry names, for current and former members: entries keep naming people after they
     * left, while the view lists only current members.
     */
    public UserView person(Principal principal, ConversationId id, UserId user) {
        conversations.membership(id, principal.userId()).orElseThrow(ApiException::conversationNotFound);
        return conversations.person(id, user).orElseThrow(() ->
                ApiException.notFound("member_not_found", "That user never was a member of this conversation"));
    }

    /**
     * Refuses anyone but a current member: a conversation the user was never in exactly as one that
     * does not exist, a former member with {@code not_a_member}.
     */
    public ConversationRepository.Membership requireMember(UserId user, ConversationId id) {
        ConversationRepository.Membership membership = conversations.membership(id, user)
                .orElseThrow(ApiException::conversationNotFound);
        if (!membership.active()) {
            throw ApiException.notAMember();
        }
        return membership;
    }

    /** The seqs of the log the user may read: from their joining to now, or to their leaving. */
    public record Readable(long from, long upTo) {
    }

    public Readable readable(UserId user, ConversationId id) {
        ConversationRepository.Membership membership = conversations.membership(id, user)
                .orElseThrow(ApiException::conversationNotFound);
        return new Readable(membership.readableFrom(), membership.active() ? Long.MAX_VALUE : membership.leftSeq());
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

    public ConversationView view(ConversationId id) {
        return conversations.conversation(id).orElseThrow(ApiException::conversationNotFound);
    }

    /** One key per pair of users, whoever starts the chat: the two ids in order. */
    private static String directKey(UserId a, UserId b) {
        String x = a.toString();
        String y = b.toString();
        return x.compareTo(y) < 0 ? x + ":" + y : y + ":" + x;
    }
}
