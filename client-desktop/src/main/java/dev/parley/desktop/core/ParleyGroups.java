package dev.parley.desktop.core;

import dev.parley.desktop.core.api.ServerApi;
import dev.parley.desktop.core.model.ChatEvent;
import dev.parley.desktop.core.model.GroupInfo;
import dev.parley.desktop.core.model.GroupMember;
import dev.parley.desktop.core.model.GroupPicture;
import dev.parley.desktop.core.model.JoinOutcome;
import dev.parley.desktop.core.model.Receipts;
import dev.parley.desktop.core.session.SavedSession;
import dev.parley.desktop.core.store.LocalStore;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MemberRole;
import dev.parley.protocol.model.PresenceView;
import dev.parley.protocol.model.UserView;
import dev.parley.protocol.rest.AddMembersRequest;
import dev.parley.protocol.rest.ChangeRoleRequest;
import dev.parley.protocol.rest.CreateGroupRequest;
import dev.parley.protocol.rest.GroupInvitePreview;
import dev.parley.protocol.rest.JoinRequestList;
import dev.parley.protocol.rest.JoinResult;
import dev.parley.protocol.rest.MessageInfo;
import dev.parley.protocol.rest.UpdateGroupRequest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link GroupService} over the REST API and the local cache. Every change the server accepts answers
 * with the group's new view, cached at once, so the app shows it before the entries arrive live.
 */
final class ParleyGroups implements GroupService {
    private static final Comparator<GroupMember> MEMBER_ORDER = Comparator
            .comparing((GroupMember m) -> m.role().ordinal())
            .thenComparing(m -> m.displayName().toLowerCase(java.util.Locale.ROOT))
            .thenComparing(GroupMember::username);

    private final SavedSession session;
    private final ServerApi api;
    private final LocalStore store;
    private final ChatEvents events;
    /** Brings the entries a change wrote (when the live frames raced the answer, say). */
    private final Runnable catchUp;

    ParleyGroups(SavedSession session, ServerApi api, LocalStore store, ChatEvents events, Runnable catchUp) {
        this.session = session;
        this.api = api;
        this.store = store;
        this.events = events;
        this.catchUp = catchUp;
    }

    private String token() {
        return session.token();
    }

    private UserId me() {
        return session.user().id();
    }

    @Override
    public List<UserView> contacts() {
        return store.directContacts(me()).stream()
                .map(p -> new UserView(p.userId(), p.username(), p.displayName())).toList();
    }

    @Override
    public ConversationId createGroup(String name, String description, List<String> usernames) {
        CreateGroupRequest request = valid(() -> new CreateGroupRequest(name,
                description == null || description.isBlank() ? null : description, usernames));
        ConversationView group = api.createGroup(token(), request);
        saved(group);
        return group.id();
    }

    @Override
    public GroupInfo groupInfo(ConversationId group) {
        LocalStore.Conversation conversation = store.conversation(group)
                .orElseThrow(() -> new ClientException("conversation_not_found", "This chat is not on this device"));
        if (!conversation.isGroup()) {
            throw new ClientException("not_a_group", "This is not a group");
        }
        List<GroupMember> members = new ArrayList<>();
        MemberRole myRole = null;
        if (conversation.active()) {
            for (LocalStore.Member m : store.members(group)) {
                boolean isMe = m.userId().equals(me());
                if (isMe) {
                    myRole = m.role();
                }
                Optional<PresenceView> presence = isMe ? Optional.empty() : store.presence(m.userId());
                members.add(new GroupMember(m.userId(), m.username(), m.displayName(), m.role(), isMe,
                        isMe || presence.map(PresenceView::online).orElse(false),
                        presence.map(PresenceView::lastSeenAt).orElse(null)));
            }
        }
        members.sort(MEMBER_ORDER);
        return new GroupInfo(group, conversation.name() == null ? "Group" : conversation.name(),
                conversation.description(), conversation.active(), conversation.joinApproval(), myRole, members,
                conversation.avatarTag());
    }

    @Override
    public GroupInfo refreshGroup(ConversationId group) {
        saved(api.conversation(token(), group));
        return groupInfo(group);
    }

    @Override
    public void addMembers(ConversationId group, List<String> usernames) {
        AddMembersRequest request = valid(() -> new AddMembersRequest(usernames));
        saved(api.addMembers(token(), group, request));
    }

    @Override
    public void removeMember(ConversationId group, UserId member) {
        saved(api.removeMember(token(), group, member));
    }

    @Override
    public void changeRole(ConversationId group, UserId member, MemberRole role) {
        saved(api.changeRole(token(), group, member, new ChangeRoleRequest(role)));
    }

    @Override
    public void leaveGroup(ConversationId group) {
        saved(api.leaveGroup(token(), group));
    }

    @Override
    public void updateGroup(ConversationId group, String name, String description, Boolean joinApproval) {
        UpdateGroupRequest request = valid(() -> new UpdateGroupRequest(name, description, joinApproval));
        saved(api.updateGroup(token(), group, request));
    }

    @Override
    public void setPicture(ConversationId group, GroupPicture picture) {
        ConversationView view = api.setGroupAvatar(token(), group, picture);
        // The picture is known here already: no need to fetch what was just sent.
        if (view.avatarTag() != null) {
            store.savePicture(group, view.avatarTag(), picture.contentType(), picture.image());
        }
        saved(view);
    }

    @Override
    public void removePicture(ConversationId group) {
        saved(api.removeGroupAvatar(token(), group));
    }

    @Override
    public Optional<GroupPicture> picture(ConversationId group) {
        String tag = store.conversation(group).map(LocalStore.Conversation::avatarTag).orElse(null);
        if (tag == null) {
            return Optional.empty();
        }
        Optional<LocalStore.StoredPicture> cached = store.picture(group);
        if (cached.isPresent() && cached.get().tag().equals(tag)) {
            return cached.map(ParleyGroups::toPicture);
        }
        try {
            ServerApi.TaggedPicture fetched = api.groupAvatar(token(), group);
            // Stored under the tag the server sent: if the picture changed meanwhile, the view that
            // names the newer one is on its way, and then this one is current.
            String fetchedTag = fetched.tag() == null ? tag : fetched.tag();
            store.savePicture(group, fetchedTag, fetched.picture().contentType(), fetched.picture().image());
            return Optional.of(fetched.picture());
        } catch (ClientException e) {
            return switch (e.code()) {
                case "no_avatar" -> Optional.empty(); // removed since the view this device has
                case "server_unreachable", "server_timeout", "not_a_member" -> cached.map(ParleyGroups::toPicture);
                default -> throw e;
            };
        }
    }

    private static GroupPicture toPicture(LocalStore.StoredPicture stored) {
        return new GroupPicture(stored.image(), stored.contentType());
    }

    @Override
    public Optional<String> groupInviteLink(ConversationId group) {
        try {
            return Optional.of(api.groupInvite(token(), group).url());
        } catch (ClientException e) {
            if ("no_invite_link".equals(e.code())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public String newGroupInviteLink(ConversationId group) {
        return api.newGroupInvite(token(), group).url();
    }

    @Override
    public void revokeGroupInviteLink(ConversationId group) {
        api.revokeGroupInvite(token(), group);
    }

    @Override
    public GroupInvitePreview previewGroupInvite(String link) {
        return api.groupInvitePreview(token(), codeOf(link));
    }

    @Override
    public JoinOutcome joinGroup(String link) {
        String code = codeOf(link);
        JoinResult result = api.joinGroup(token(), code);
        if (result.status() == JoinResult.Status.PENDING || result.conversation() == null) {
            String name = api.groupInvitePreview(token(), code).name();
            return new JoinOutcome(null, name);
        }
        saved(result.conversation());
        return new JoinOutcome(result.conversation().id(), result.conversation().name());
    }

    @Override
    public List<JoinRequestList.Entry> joinRequests(ConversationId group) {
        return api.joinRequests(token(), group).requests();
    }

    @Override
    public void approveJoin(ConversationId group, UserId user) {
        saved(api.approveJoin(token(), group, user));
    }

    @Override
    public void declineJoin(ConversationId group, UserId user) {
        api.declineJoin(token(), group, user);
        events.publish(new ChatEvent.GroupChanged(group));
    }

    @Override
    public Receipts receipts(ConversationId chat, long seq, boolean askServer) {
        if (askServer) {
            try {
                MessageInfo info = api.messageInfo(token(), chat, seq);
                // What the server knows is at least this far along; watermarks only move forward.
                info.readBy().forEach(u -> store.saveWatermarks(chat, u.id(), seq, seq));
                info.deliveredTo().forEach(u -> store.saveWatermarks(chat, u.id(), seq, 0));
            } catch (ClientException e) {
                if (!"server_unreachable".equals(e.code()) && !"server_timeout".equals(e.code())) {
                    throw e;
                }
                // Offline: the cache's watermarks are what there is.
            }
        }
        LocalStore.Entry entry = store.entries(chat, seq + 1, 1).stream().filter(e -> e.seq() == seq).findFirst()
                .orElseThrow(() -> new ClientException("message_not_found", "That message is not on this device"));
        List<UserView> read = new ArrayList<>();
        List<UserView> delivered = new ArrayList<>();
        List<UserView> waiting = new ArrayList<>();
        List<LocalStore.Member> recipients = store.members(chat).stream()
                .filter(m -> !m.userId().equals(entry.senderId()) && m.isRecipientOf(seq))
                .sorted(Comparator.comparing((LocalStore.Member m) -> m.displayName().toLowerCase(java.util.Locale.ROOT)))
                .toList();
        for (LocalStore.Member m : recipients) {
            UserView user = new UserView(m.userId(), m.username(), m.displayName());
            if (m.readUpTo() >= seq) {
                read.add(user);
            } else if (m.deliveredUpTo() >= seq) {
                delivered.add(user);
            } else {
                waiting.add(user);
            }
        }
        return new Receipts(seq, read, delivered, waiting);
    }

    private void saved(ConversationView group) {
        store.saveConversation(group, me());
        events.publish(new ChatEvent.ChatsChanged());
        events.publish(new ChatEvent.GroupChanged(group.id()));
        events.publish(new ChatEvent.MessagesChanged(group.id()));
        catchUp.run();
    }

    private static String codeOf(String link) {
        String input = link == null ? "" : link.strip();
        return GroupLinks.codeOf(input).orElse(input);
    }

    private static <T> T valid(Supplier<T> request) {
        try {
            return request.get();
        } catch (ProtocolException e) {
            throw new ClientException(e.code(), e.getMessage());
        }
    }
}
