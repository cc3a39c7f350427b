package dev.parley.desktop.ui.group;

import dev.parley.desktop.core.GroupService;
import dev.parley.desktop.core.PictureEncoder;
import dev.parley.desktop.core.model.GroupInfo;
import dev.parley.desktop.core.model.GroupMember;
import dev.parley.desktop.ui.common.Tasks;
import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.model.MemberRole;
import dev.parley.protocol.rest.JoinRequestList;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The group info pane: name and description (editable by admins), members with roles and presence
 * and what one may do to them, the picture (admins change it), the invite link, join approval with the
 * pending requests, and leaving (after a question).
 * Shows the cached group at once, then what the server says.
 */
public final class GroupInfoViewModel {
    private final GroupService groups;
    private final Tasks tasks;

    private final ReadOnlyObjectWrapper<GroupInfo> info = new ReadOnlyObjectWrapper<>();
    private final ObservableList<GroupMember> members = FXCollections.observableArrayList();
    private final ObservableList<JoinRequestList.Entry> requests = FXCollections.observableArrayList();
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty description = new SimpleStringProperty("");
    private final StringProperty addUsernames = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper inviteLink = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper canManage = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper joinApproval = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper avatarTag = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper confirmingLeave = new ReadOnlyBooleanWrapper(false);
    private ConversationId group;
    private long generation;

    public GroupInfoViewModel(GroupService groups, Tasks tasks) {
        this.groups = groups;
        this.tasks = tasks;
    }

    public ReadOnlyObjectProperty<GroupInfo> infoProperty() {
        return info.getReadOnlyProperty();
    }

    /** Owner first, then admins, then members, by name. */
    public ObservableList<GroupMember> members() {
        return members;
    }

    /** Who asked to join by link (admins only; empty otherwise). */
    public ObservableList<JoinRequestList.Entry> requests() {
        return requests;
    }

    /** The name box (admins edit it). */
    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty descriptionProperty() {
        return description;
    }

    /** Usernames to add, separated by commas or spaces. */
    public StringProperty addUsernamesProperty() {
        return addUsernames;
    }

    /** The invite link, or empty when there is none (revoked) or it is not known yet. */
    public ReadOnlyStringProperty inviteLinkProperty() {
        return inviteLink.getReadOnlyProperty();
    }

    /** What the last action did ("Link copied."). */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Why the last action failed, in the server's words. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canManageProperty() {
        return canManage.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty joinApprovalProperty() {
        return joinApproval.getReadOnlyProperty();
    }

    /** Names the group's picture; null when it has none. */
    public ReadOnlyStringProperty avatarTagProperty() {
        return avatarTag.getReadOnlyProperty();
    }

    /** "Leave group" was clicked: the pane asks first. */
    public ReadOnlyBooleanProperty confirmingLeaveProperty() {
        return confirmingLeave.getReadOnlyProperty();
    }

    /** "Leave “Trip”? You'll keep the messages so far but stop receiving new ones." */
    public String leaveQuestion() {
        GroupInfo current = info.get();
        return "Leave “" + (current == null ? "this group" : current.name())
                + "”? You'll keep the messages so far but stop receiving new ones.";
    }

    public Optional<ConversationId> group() {
        return Optional.ofNullable(group);
    }

    /** "3 members". */
    public String memberCount() {
        int n = members.size();
        return n == 1 ? "1 member" : n + " members";
    }

    public List<MemberAction> actionsFor(GroupMember member) {
        GroupInfo current = info.get();
        return current == null ? List.of() : MemberAction.allowed(current, member);
    }

    /** Opens the pane on a group: the cached state now, the server's when it answers. */
    public void open(ConversationId id) {
        group = Objects.requireNonNull(id);
        long gen = ++generation;
        info.set(null);
        avatarTag.set(null);
        confirmingLeave.set(false);
        members.clear();
        requests.clear();
        inviteLink.set("");
        message.set("");
        error.set("");
        addUsernames.set("");
        tasks.run(() -> groups.groupInfo(id), loaded -> {
            if (gen == generation) {
                show(loaded);
                refresh(gen);
            }
        }, error::set);
    }

    /** The group changed (an event from the core): show it again if it is the one open. */
    public void reloadIf(ConversationId id) {
        if (id.equals(group)) {
            long gen = generation;
            tasks.run(() -> groups.groupInfo(id), loaded -> {
                if (gen == generation) {
                    show(loaded);
                    loadRequests(gen);
                }
            }, error::set);
        }
    }

    public void close() {
        generation++;
        group = null;
        confirmingLeave.set(false);
    }

    private void refresh(long gen) {
        ConversationId id = group;
        tasks.run(() -> groups.refreshGroup(id), loaded -> {
            if (gen == generation) {
                show(loaded);
                loadAdminThings(gen);
            }
        }, failure -> {
            // Offline: the cached group stands.
            if (gen == generation && info.get() != null && info.get().canManage()) {
                message.set("Showing what this device knows: " + failure);
            }
        });
    }

    private void show(GroupInfo loaded) {
        info.set(loaded);
        members.setAll(loaded.members());
        canManage.set(loaded.canManage());
        joinApproval.set(loaded.joinApproval());
        avatarTag.set(loaded.avatarTag());
        if (!loaded.active()) {
            confirmingLeave.set(false);
        }
        name.set(loaded.name());
        description.set(loaded.description());
        if (!loaded.canManage()) {
            requests.clear();
            inviteLink.set("");
        }
    }

    private void loadAdminThings(long gen) {
        if (info.get() == null || !info.get().canManage()) {
            return;
        }
        ConversationId id = group;
        tasks.run(() -> groups.groupInviteLink(id), link -> {
            if (gen == generation) {
                inviteLink.set(link.orElse(""));
            }
        }, error::set);
        loadRequests(gen);
    }

    private void loadRequests(long gen) {
        if (info.get() == null || !info.get().canManage()) {
            return;
        }
        ConversationId id = group;
        tasks.run(() -> groups.joinRequests(id), list -> {
            if (gen == generation) {
                requests.setAll(list);
            }
        }, error::set);
    }

    // --- Actions ---------------------------------------------------------------------------------

    private void act(String doing, Tasks.ThrowingRunnable work, String done) {
        if (group == null) {
            return;
        }
        long gen = generation;
        busy.set(true);
        error.set("");
        message.set(doing);
        tasks.run(work, () -> {
            busy.set(false);
            if (gen == generation) {
                message.set(done);
            }
        }, failure -> {
            busy.set(false);
            if (gen == generation) {
                message.set("");
                error.set(failure);
            }
        });
    }

    /** Saves the name and description boxes, those that changed. */
    public void saveDetails() {
        GroupInfo current = info.get();
        if (current == null) {
            return;
        }
        String newName = name.get().strip();
        String newDescription = description.get().strip();
        boolean nameChanged = !newName.equals(current.name());
        boolean descriptionChanged = !newDescription.equals(current.description());
        if (!nameChanged && !descriptionChanged) {
            return;
        }
        ConversationId id = group;
        act("Saving…", () -> groups.updateGroup(id, nameChanged ? newName : null,
                descriptionChanged ? newDescription : null, null), "Saved.");
    }

    public void setJoinApproval(boolean on) {
        GroupInfo current = info.get();
        if (current == null || current.joinApproval() == on) {
            return;
        }
        ConversationId id = group;
        act("Saving…", () -> groups.updateGroup(id, null, null, on),
                on ? "New members now wait for an admin to approve them." : "Anyone with the link can join now.");
    }

    public void perform(GroupMember member, MemberAction action) {
        ConversationId id = group;
        String who = member.displayName();
        switch (action) {
            case MAKE_ADMIN -> act("Saving…", () -> groups.changeRole(id, member.userId(), MemberRole.ADMIN),
                    who + " is now an admin.");
            case DISMISS_ADMIN -> act("Saving…", () -> groups.changeRole(id, member.userId(), MemberRole.MEMBER),
                    who + " is no longer an admin.");
            case MAKE_OWNER -> act("Saving…", () -> groups.changeRole(id, member.userId(), MemberRole.OWNER),
                    who + " is now the owner; you are an admin.");
            case REMOVE -> act("Removing…", () -> groups.removeMember(id, member.userId()),
                    who + " was removed.");
        }
    }

    /** Adds the people named in the box. */
    public void addMembers() {
        List<String> usernames = Arrays.stream(addUsernames.get().split("[\\s,;]+"))
                .map(s -> s.startsWith("@") ? s.substring(1) : s).filter(s -> !s.isBlank()).toList();
        if (usernames.isEmpty()) {
            return;
        }
        ConversationId id = group;
        addUsernames.set("");
        act("Adding…", () -> groups.addMembers(id, usernames),
                usernames.size() == 1 ? "Added " + usernames.getFirst() + "." : "Added " + usernames.size() + " people.");
    }

    /** Hands the link to {@code copy} (the view puts it on the clipboard). */
    public void copyLink(Consumer<String> copy) {
        if (!inviteLink.get().isEmpty()) {
            copy.accept(inviteLink.get());
            message.set("Invite link copied.");
        }
    }

    public void newLink() {
        ConversationId id = group;
        long gen = generation;
        error.set("");
        tasks.run(() -> groups.newGroupInviteLink(id), link -> {
            if (gen == generation) {
                inviteLink.set(link);
                message.set("New invite link made: the old one no longer works.");
            }
        }, error::set);
    }

    public void revokeLink() {
        ConversationId id = group;
        long gen = generation;
        error.set("");
        tasks.run(() -> groups.revokeGroupInviteLink(id), () -> {
            if (gen == generation) {
                inviteLink.set("");
                message.set("The invite link no longer works.");
            }
        }, error::set);
    }

    public void approve(JoinRequestList.Entry request) {
        ConversationId id = group;
        requests.remove(request);
        act("Adding…", () -> groups.approveJoin(id, request.user().id()), request.user().displayName() + " joined.");
    }

    public void decline(JoinRequestList.Entry request) {
        ConversationId id = group;
        requests.remove(request);
        act("Declining…", () -> groups.declineJoin(id, request.user().id()),
                request.user().displayName() + "'s request was declined.");
    }

    /** "Leave group": asks first ({@link #leave()} or {@link #cancelLeave()} answer). */
    public void askToLeave() {
        GroupInfo current = info.get();
        if (current != null && current.active()) {
            error.set("");
            confirmingLeave.set(true);
        }
    }

    /** Cancels the question; false when none was asked. */
    public boolean cancelLeave() {
        boolean asked = confirmingLeave.get();
        confirmingLeave.set(false);
        return asked;
    }

    /** Leaves, once asked: the chat stays, read-only. */
    public void leave() {
        if (!confirmingLeave.get()) {
            return;
        }
        confirmingLeave.set(false);
        ConversationId id = group;
        act("Leaving…", () -> groups.leaveGroup(id), "You left the group.");
    }

    /** Makes the picture in {@code file} the group's (read, cropped and made small off the FX thread). */
    public void setPicture(Path file) {
        if (file == null) {
            return;
        }
        ConversationId id = group;
        act("Saving the picture…", () -> groups.setPicture(id, PictureEncoder.encode(file)), "Picture changed.");
    }

    public void removePicture() {
        ConversationId id = group;
        act("Removing the picture…", () -> groups.removePicture(id), "Picture removed.");
    }
}
