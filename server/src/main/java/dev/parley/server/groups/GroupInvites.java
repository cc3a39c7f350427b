package dev.parley.server.groups;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MemberView;
import dev.parley.protocol.model.UserView;
import dev.parley.protocol.rest.GroupInvitePreview;
import dev.parley.protocol.rest.InviteView;
import dev.parley.protocol.rest.JoinRequestList;
import dev.parley.protocol.rest.JoinResult;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.accounts.AccountRepository;
import dev.parley.server.accounts.InviteLinks;
import dev.parley.server.accounts.Principal;
import dev.parley.server.accounts.SessionTokens;
import dev.parley.server.conversations.ConversationRepository;
import dev.parley.server.conversations.ConversationService;
import dev.parley.server.http.ApiException;
import dev.parley.server.messaging.LogWriter;
import dev.parley.server.realtime.Fanout;
import dev.parley.server.storage.Database;
import io.helidon.dbclient.DbExecute;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A group's invite link (an unguessable code; admins regenerate or revoke it) and joining by it,
 * directly or, when the group asks for approval, as a request that an admin approves or declines.
 */
public final class GroupInvites {
    private final Database database;
    private final ConversationRepository conversations;
    private final ConversationService conversationService;
    private final GroupService groups;
    private final AccountRepository accounts;
    private final LogWriter log;
    private final Fanout fanout;
    private final SessionTokens codes;
    private final Function<String, InviteView> links;
    private final GroupAccess access;

    public GroupInvites(Database database, ConversationRepository conversations, ConversationService conversationService,
                        GroupService groups, AccountRepository accounts, LogWriter log, Fanout fanout,
                        SessionTokens codes, Function<String, InviteView> links) {
        this.database = database;
        this.conversations = conversations;
        this.conversationService = conversationService;
        this.groups = groups;
        this.accounts = accounts;
        this.log = log;
        this.fanout = fanout;
        this.codes = codes;
        this.links = links;
        this.access = new GroupAccess(conversations);
    }

    public InviteView link(Principal admin, ConversationId id) {
        ConversationRepository.Group group = requireAdmin(database.client().execute(), admin, id, "see the invite link");
        if (group.inviteCode() == null) {
            throw ApiException.notFound("no_invite_link", "This group has no invite link; an admin can create one");
        }
        return links.apply(group.inviteCode());
    }

    /** A new link; the old one stops working. */
    public InviteView regenerate(Principal admin, ConversationId id) {
        String code = codes.randomCode(16);
        database.inTransaction(tx -> {
            requireAdmin(tx, admin, id, "make a new invite link");
            conversations.setInviteCode(tx, id, code);
            return null;
        });
        return links.apply(code);
    }

    public void revoke(Principal admin, ConversationId id) {
        database.inTransaction(tx -> {
            requireAdmin(tx, admin, id, "revoke the invite link");
            conversations.setInviteCode(tx, id, null);
            return null;
        });
    }

    public GroupInvitePreview preview(Principal principal, String codeOrLink) {
        ConversationRepository.Group group = groupFor(codeOrLink);
        boolean member = conversations.membership(group.id(), principal.userId())
                .map(ConversationRepository.Membership::active).orElse(false);
        return new GroupInvitePreview(group.name(), group.description(),
                conversations.memberCount(database.client().execute(), group.id()), group.joinApproval(), member,
                member ? group.id() : null);
    }

    public JoinResult join(Principal joiner, String codeOrLink) {
        ConversationRepository.Group found = groupFor(codeOrLink);
        ConversationId id = found.id();
        LogWriter.Written<Joining> written = log.write(id, entries -> {
            // Checked again under the lock: the link may have been revoked or replaced meanwhile.
            ConversationRepository.Group group = conversations.group(entries.tx(), id)
                    .filter(g -> Objects.equals(g.inviteCode(), found.inviteCode()))
                    .orElseThrow(GroupInvites::inviteNotFound);
            boolean member = conversations.membership(entries.tx(), id, joiner.userId())
                    .map(ConversationRepository.Membership::active).orElse(false);
            if (member) {
                return new Joining(JoinResult.Status.JOINED, false, entries.now());
            }
            if (group.joinApproval()) {
                boolean asked = conversations.addJoinRequest(entries.tx(), id, joiner.userId(), entries.now());
                return new Joining(JoinResult.Status.PENDING, asked, entries.now());
            }
            groups.requireRoom(conversations.memberCount(entries.tx(), id), 1);
            groups.join(entries, joiner, joiner.userId());
            return new Joining(JoinResult.Status.JOINED, false, entries.now());
        });
        if (written.value().status() == JoinResult.Status.PENDING) {
            if (written.value().newRequest()) {
                tellAdmins(written, id, joiner.userId(), written.value().at());
            } else {
                written.cancel();
            }
            return new JoinResult(JoinResult.Status.PENDING, null);
        }
        if (written.entries().isEmpty()) {
            written.cancel();
            return new JoinResult(JoinResult.Status.JOINED, conversationService.view(id));
        }
        return new JoinResult(JoinResult.Status.JOINED, groups.announce(written, id, Map.of()));
    }

    private record Joining(JoinResult.Status status, boolean newRequest, Instant at) {
    }

    public JoinRequestList requests(Principal admin, ConversationId id) {
        requireAdmin(database.client().execute(), admin, id, "see join requests");
        return new JoinRequestList(conversations.joinRequests(id));
    }

    public ConversationView approve(Principal admin, ConversationId id, UserId user) {
        LogWriter.Written<Void> written = log.write(id, entries -> {
            requireAdmin(entries.tx(), admin, id, "approve join requests");
            if (!conversations.removeJoinRequest(entries.tx(), id, user)) {
                throw joinRequestNotFound();
            }
            groups.requireRoom(conversations.memberCount(entries.tx(), id), 1);
            groups.join(entries, admin, user);
            return null;
        });
        return groups.announce(written, id, Map.of());
    }

    public void decline(Principal admin, ConversationId id, UserId user) {
        database.inTransaction(tx -> {
            requireAdmin(tx, admin, id, "decline join requests");
            if (!conversations.removeJoinRequest(tx, id, user)) {
                throw joinRequestNotFound();
            }
            return null;
        });
    }

    private void tellAdmins(LogWriter.Written<?> written, ConversationId id, UserId requester, Instant at) {
        List<UserId> admins;
        UserView user;
        try {
            admins = conversations.members(database.client().execute(), id).stream()
                    .filter(member -> member.role().canManage()).map(MemberView::userId).toList();
            user = accounts.findUserById(requester).orElseThrow().view();
        } catch (RuntimeException e) {
            written.cancel();
            throw e;
        }
        written.deliver(() -> fanout.toUsers(admins, new ServerFrame.JoinRequested(id, user, at)));
    }

    private ConversationRepository.Group requireAdmin(DbExecute exec, Principal admin,
                                                     ConversationId id, String action) {
        return access.requireAdmin(exec, id, admin.userId(), action);
    }

    private ConversationRepository.Group groupFor(String codeOrLink) {
        return InviteLinks.codeOf(codeOrLink).flatMap(conversations::groupByInviteCode)
                .orElseThrow(GroupInvites::inviteNotFound);
    }

    private static ApiException inviteNotFound() {
        return ApiException.notFound("invite_not_found",
                "That group link is not valid (an admin may have revoked it or made a new one)");
    }

    private static ApiException joinRequestNotFound() {
        return ApiException.notFound("join_request_not_found", "That user has not asked to join");
    }
}
