package dev.parley.server.groups;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MemberView;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.conversations.ConversationRepository;
import dev.parley.server.messaging.LogWriter;
import dev.parley.server.realtime.Fanout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tells devices about a committed group change, in the conversation's delivery order: current members
 * get the new view and then the entries from their joining on; someone who just left or was removed
 * gets the entries up to their leaving and then their inactive view, and nothing after.
 */
public final class GroupAnnouncer {
    private final ConversationRepository conversations;
    private final Fanout fanout;

    public GroupAnnouncer(ConversationRepository conversations, Fanout fanout) {
        this.conversations = conversations;
        this.fanout = fanout;
    }

    /**
     * @param departed who stopped being a member in this write, with the seq of the entry that ended it
     * @return the group's view after the change (empty when nobody is left in it)
     */
    Optional<ConversationView> announce(LogWriter.Written<?> written, ConversationId id, Map<UserId, Long> departed) {
        Optional<ConversationView> view;
        Map<UserId, ConversationView> formerViews = new LinkedHashMap<>();
        try {
            view = conversations.conversation(id);
            for (UserId user : departed.keySet()) {
                conversations.formerView(id, user).ifPresent(former -> formerViews.put(user, former));
            }
        } catch (RuntimeException e) {
            written.cancel(); // committed all the same: devices get it by sync
            throw e;
        }
        List<MemberView> members = view.map(ConversationView::members).orElse(List.of());
        written.deliver(() -> {
            view.ifPresent(v -> fanout.toUsers(members.stream().map(MemberView::userId).toList(),
                    new ServerFrame.Conversation(v)));
            for (MessageView entry : written.entries()) {
                List<UserId> recipients = new ArrayList<>();
                for (MemberView member : members) {
                    if (Math.max(1, member.joinedSeq()) <= entry.seq()) {
                        recipients.add(member.userId());
                    }
                }
                departed.forEach((user, leftSeq) -> {
                    if (entry.seq() <= leftSeq) {
                        recipients.add(user);
                    }
                });
                fanout.toUsers(recipients, new ServerFrame.Message(entry));
            }
            formerViews.forEach((user, former) -> fanout.toUsers(List.of(user), new ServerFrame.Conversation(former)));
        });
        return view;
    }
}
