package dev.parley.desktop.core;

import dev.parley.desktop.core.model.GroupInfo;
import dev.parley.desktop.core.model.GroupPicture;
import dev.parley.desktop.core.model.JoinOutcome;
import dev.parley.desktop.core.model.Receipts;
import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.MemberRole;
import dev.parley.protocol.model.UserView;
import dev.parley.protocol.rest.GroupInvitePreview;
import dev.parley.protocol.rest.JoinRequestList;

import java.util.List;

/**
 * Group chats of a logged-in account (issue 4). Reads come from the local cache; changes go to the
 * server and, once it accepted them, into the cache, with a {@code GroupChanged} event. Like
 * {@link ChatService}: call off the FX thread; failures are {@link ClientException}s in words, the
 * server's own where it gave them ("Only group admins can …").
 */
public interface GroupService {
    /** People this user has a direct chat with, by name: whom a new group is usually made with. */
    List<UserView> contacts();

    /** Creates a group with this user as owner and the people named; returns the new chat. */
    ConversationId createGroup(String name, String description, List<String> usernames);

    /** The group as cached here (works offline). */
    GroupInfo groupInfo(ConversationId group);

    /** Asks the server for the group's current state, caches it and returns it. */
    GroupInfo refreshGroup(ConversationId group);

    void addMembers(ConversationId group, List<String> usernames);

    void removeMember(ConversationId group, UserId member);

    /** Admin, member (owner only), or owner (hands the group over; this user becomes an admin). */
    void changeRole(ConversationId group, UserId member, MemberRole role);

    /** Leaves: the chat stays, read-only. */
    void leaveGroup(ConversationId group);

    /** Changes each of name, description and join approval that is not null. */
    void updateGroup(ConversationId group, String name, String description, Boolean joinApproval);

    /** Sets the group's picture (admins): encode a file first with {@link PictureEncoder}. */
    void setPicture(ConversationId group, GroupPicture picture);

    /** The group goes back to its initials (admins). */
    void removePicture(ConversationId group);

    /**
     * The group's current picture, empty when it has none. Served from the cache when the one cached is
     * the one the group's {@code avatarTag} names; fetched (and cached) otherwise. Offline, or once this
     * user left, the last one fetched stands in.
     */
    java.util.Optional<GroupPicture> picture(ConversationId group);

    /** The group's invite link, or empty when it was revoked (admins). */
    java.util.Optional<String> groupInviteLink(ConversationId group);

    /** A new invite link; the old one stops working. */
    String newGroupInviteLink(ConversationId group);

    /** No link works until a new one is made. */
    void revokeGroupInviteLink(ConversationId group);

    /** What a group invite link (or code) leads to, before joining. */
    GroupInvitePreview previewGroupInvite(String link);

    /** Joins by invite link, or asks to when the group wants approval. */
    JoinOutcome joinGroup(String link);

    List<JoinRequestList.Entry> joinRequests(ConversationId group);

    void approveJoin(ConversationId group, UserId user);

    void declineJoin(ConversationId group, UserId user);

    /**
     * Who has read, received, or not yet received entry {@code seq}. With {@code askServer} the server's
     * watermarks are fetched first (this device hears live only of receipts for its own messages);
     * otherwise (or offline) it answers from the cache.
     */
    Receipts receipts(ConversationId chat, long seq, boolean askServer);

    /** Whether this text is a group invite link ({@code …/join/<code>}). */
    static boolean isGroupLink(String text) {
        return GroupLinks.codeOf(text).isPresent();
    }
}
