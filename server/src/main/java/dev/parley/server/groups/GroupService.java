package dev.parley.server.groups;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.ConversationKind;
import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MemberRole;
import dev.parley.protocol.model.MemberView;
import dev.parley.protocol.model.MessageKind;
import dev.parley.protocol.rest.AddMembersRequest;
import dev.parley.protocol.rest.ChangeRoleRequest;
import dev.parley.protocol.rest.CreateGroupRequest;
import dev.parley.protocol.rest.UpdateGroupRequest;
import dev.parley.server.accounts.AccountRepository;
import dev.parley.server.accounts.Principal;
import dev.parley.server.accounts.SessionTokens;
import dev.parley.server.accounts.UserRecord;
import dev.parley.server.conversations.ConversationRepository;
import dev.parley.server.conversations.ConversationService;
import dev.parley.server.http.ApiException;
import dev.parley.server.messaging.LogWriter;
import dev.parley.server.storage.IdGenerator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Creating groups and changing them: members, roles, name. Every change is written to the group's log
 * under its lock (so it has a place in the order everyone sees) and then announced to devices.
 */
public final class GroupService {
    private final ConversationRepository conversations;
    private final ConversationService conversationService;
    private final AccountRepository accounts;
    private final LogWriter log;
    private final GroupAnnouncer announcer;
    private final GroupAccess access;
    private final SessionTokens codes;
    private final IdGenerator ids;
    private final int maxMembers;

    public GroupService(ConversationRepository conversations, ConversationService conversationService,
                        AccountRepository accounts, LogWriter log, GroupAnnouncer announcer, SessionTokens codes,
                        IdGenerator ids, int maxMembers) {
        this.conversations = conversations;
        this.conversationService = conversationService;
        this.accounts = accounts;
        this.log = log;
        this.announcer = announcer;
        this.access = new GroupAccess(conversations);
        this.codes = codes;
        this.ids = ids;
        this.maxMembers = maxMembers;
    }

    public int maxMembers() {
        return maxMembers;
    }

    /** A new group: the creator is its owner, the named users its members, and it has an invite link. */
    public ConversationView create(Principal creator, CreateGroupRequest request) {
        List<UserRecord> others = usersNamed(request.usernames()).stream()
                .filter(user -> !user.id().equals(creator.userId())).toList();
        requireRoom(0, 1 + others.size());
        ConversationId id = new ConversationId(ids.next());
        String inviteCode = codes.randomCode(16);
        LogWriter.Written<Void> written = log.create(id, (tx, now) -> conversations.insertConversation(tx, id,
                ConversationKind.GROUP, null, request.name(), request.description(), inviteCode, now), entries -> {
            entries.appendEvent(MessageKind.GROUP_CREATED, creator.userId(), creator.deviceId(), null, request.name());
            conversations.addMember(entries.tx(), id, creator.userId(), MemberRole.OWNER, 1, entries.now());
            entries.appendEvent(MessageKind.MEMBER_JOINED, creator.userId(), creator.deviceId(), creator.userId(), null);
            for (UserRecord user : others) {
                conversations.addMember(entries.tx(), id, user.id(), MemberRole.MEMBER, 1, entries.now());
                entries.appendEvent(MessageKind.MEMBER_JOINED, creator.userId(), creator.deviceId(), user.id(), null);
            }
            return null;
        });
        return conversationService.announceCreated(written, id);
    }

    /** Renames the group, changes its description or whether joining by link waits for an admin. */
    public ConversationView update(Principal actor, ConversationId id, UpdateGroupRequest request) {
        LogWriter.Written<Void> written = log.write(id, entries -> {
            ConversationRepository.Group group = access.requireAdmin(entries.tx(), id, actor.userId(),
                    "change the group's name, description or settings");
            String name = request.name() == null ? group.name() : request.name();
            String description = request.description() == null ? group.description()
                    : request.description().isEmpty() ? null : request.description();
            boolean joinApproval = request.joinApproval() == null ? group.joinApproval() : request.joinApproval();
            conversations.updateGroup(entries.tx(), id, name, description, joinApproval);
            if (!name.equals(group.name())) {
                entries.appendEvent(MessageKind.GROUP_RENAMED, actor.userId(), actor.deviceId(), null, name);
            }
            return null;
        });
        return announce(written, id, Map.of());
    }

    /** Adds users (those already in are skipped); all or nothing when the group would grow past its limit. */
    public ConversationView addMembers(Principal actor, ConversationId id, AddMembersRequest request) {
        List<UserRecord> users = usersNamed(request.usernames());
        LogWriter.Written<Void> written = log.write(id, entries -> {
            access.requireAdmin(entries.tx(), id, actor.userId(), "add members");
            List<UserId> current = conversations.memberIds(entries.tx(), id);
            List<UserRecord> joining = users.stream().filter(user -> !current.contains(user.id())).toList();
            requireRoom(current.size(), joining.size());
            for (UserRecord user : joining) {
                join(entries, actor, user.id());
            }
            return null;
        });
        return announce(written, id, Map.of());
    }

    /** Writes the entry that makes {@code user} a member and the membership from that entry on. */
    void join(LogWriter.Appender entries, Principal actor, UserId user) {
        long seq = entries.appendEvent(MessageKind.MEMBER_JOINED, actor.userId(), actor.deviceId(), user, null).seq();
        conversations.addMember(entries.tx(), entries.conversation(), user, MemberRole.MEMBER, seq, entries.now());
        conversations.removeJoinRequest(entries.tx(), entries.conversation(), user);
    }

    public ConversationView removeMember(Principal actor, ConversationId id, UserId target) {
        if (target.equals(actor.userId())) {
            throw ApiException.badRequest("cannot_remove_yourself", "To leave the group, use leave");
        }
        LogWriter.Written<Long> written = log.write(id, entries -> {
            MemberRole actorRole = access.require(entries.tx(), id, actor.userId()).role();
            GroupPolicy.requireCanRemove(actorRole, activeRole(entries, target));
            long seq = entries.appendEvent(MessageKind.MEMBER_REMOVED, actor.userId(), actor.deviceId(), target, null).seq();
            conversations.endMembership(entries.tx(), id, target, seq);
            return seq;
        });
        return announce(written, id, Map.of(target, written.value()));
    }

    public ConversationView changeRole(Principal actor, ConversationId id, UserId target, ChangeRoleRequest request) {
        MemberRole newRole = request.role();
        LogWriter.Written<Void> written = log.write(id, entries -> {
            MemberRole actorRole = access.require(entries.tx(), id, actor.userId()).role();
            MemberRole targetRole = activeRole(entries, target);
            if (target.equals(actor.userId()) && newRole != MemberRole.OWNER) {
                GroupPolicy.requireAdmin(actorRole, "change roles");
                if (actorRole == MemberRole.ADMIN && newRole == MemberRole.MEMBER) {
                    // An admin may step down.
                    setRole(entries, actor, target, MemberRole.MEMBER);
                    return null;
                }
            }
            GroupPolicy.requireCanSetRole(actorRole, targetRole, newRole);
            if (newRole == targetRole) {
                return null;
            }
            if (newRole == MemberRole.OWNER) {
                setRole(entries, actor, target, MemberRole.OWNER);
                setRole(entries, actor, actor.userId(), MemberRole.ADMIN);
            } else {
                setRole(entries, actor, target, newRole);
            }
            return null;
        });
        return announce(written, id, Map.of());
    }

    /**
     * The caller leaves. An owner hands over to the longest-standing admin, or else the longest-standing
     * member, first. Returns the caller's inactive view.
     */
    public ConversationView leave(Principal actor, ConversationId id) {
        LogWriter.Written<Long> written = log.write(id, entries -> {
            MemberRole actorRole = access.require(entries.tx(), id, actor.userId()).role();
            if (actorRole == MemberRole.OWNER) {
                successor(conversations.members(entries.tx(), id), actor.userId())
                        .ifPresent(next -> setRole(entries, actor, next, MemberRole.OWNER));
            }
            long seq = entries.appendEvent(MessageKind.MEMBER_LEFT, actor.userId(), actor.deviceId(), actor.userId(),
                    null).seq();
            conversations.endMembership(entries.tx(), id, actor.userId(), seq);
            return seq;
        });
        // The last one out leaves a group with nobody to tell but themself.
        announcer.announce(written, id, Map.of(actor.userId(), written.value()));
        return conversationService.get(actor, id);
    }

    /** The longest-standing admin, else the longest-standing member; {@code members} come in that order. */
    static Optional<UserId> successor(List<MemberView> members, UserId leaving) {
        return members.stream().filter(m -> !m.userId().equals(leaving) && m.role() == MemberRole.ADMIN)
                .findFirst()
                .or(() -> members.stream().filter(m -> !m.userId().equals(leaving)).findFirst())
                .map(MemberView::userId);
    }

    private void setRole(LogWriter.Appender entries, Principal actor, UserId target, MemberRole role) {
        conversations.setRole(entries.tx(), entries.conversation(), target, role);
        entries.appendEvent(MessageKind.ROLE_CHANGED, actor.userId(), actor.deviceId(), target, role.wireName());
    }

    ConversationView announce(LogWriter.Written<?> written, ConversationId id, Map<UserId, Long> departed) {
        return announcer.announce(written, id, departed).orElseGet(() -> conversationService.view(id));
    }

    private MemberRole activeRole(LogWriter.Appender entries, UserId user) {
        return conversations.membership(entries.tx(), entries.conversation(), user)
                .filter(ConversationRepository.Membership::active)
                .map(ConversationRepository.Membership::role)
                .orElseThrow(() -> ApiException.notFound("member_not_found", "That user is not a member of this group"));
    }

    void requireRoom(int current, int joining) {
        if (current + joining > maxMembers) {
            throw ApiException.conflict("group_full", "A group can have at most " + maxMembers + " members"
                    + (current > 0 ? " (it has " + current + ")" : ""));
        }
    }

    private List<UserRecord> usersNamed(List<String> usernames) {
        List<UserRecord> users = new ArrayList<>(usernames.size());
        for (String username : usernames) {
            users.add(accounts.findUserByUsername(username).orElseThrow(() ->
                    ApiException.notFound("user_not_found", "No user with the username " + username)));
        }
        return users;
    }
}
