package dev.parley.server.receipts;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MemberView;
import dev.parley.protocol.model.UserView;
import dev.parley.protocol.rest.MessageInfo;
import dev.parley.protocol.ws.ClientFrame;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.accounts.Principal;
import dev.parley.server.conversations.ConversationRepository;
import dev.parley.server.conversations.ConversationService;
import dev.parley.server.http.ApiException;
import dev.parley.server.messaging.MessageRepository;
import dev.parley.server.messaging.StoredMessage;
import dev.parley.server.realtime.Fanout;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Delivered and read receipts. Each member has two watermarks per conversation (delivered up to,
 * read up to), so a receipt is one row update however many members the conversation has, and "who
 * has read message N" is a comparison against the members' watermarks.
 */
public final class ReceiptService {
    private final ConversationRepository conversations;
    private final ConversationService conversationService;
    private final MessageRepository messages;
    private final Fanout fanout;

    public ReceiptService(ConversationRepository conversations, ConversationService conversationService,
                          MessageRepository messages, Fanout fanout) {
        this.conversations = conversations;
        this.conversationService = conversationService;
        this.messages = messages;
        this.fanout = fanout;
    }

    public void markDelivered(Principal device, ClientFrame.MarkDelivered request) {
        advance(device, request.conversationId(), request.upToSeq(), 0);
    }

    public void markRead(Principal device, ClientFrame.MarkRead request) {
        advance(device, request.conversationId(), request.upToSeq(), request.upToSeq());
    }

    private void advance(Principal device, ConversationId conversation, long deliveredUpTo, long readUpTo) {
        conversationService.requireMember(device.userId(), conversation);
        long lastSeq = conversations.lastSeq(conversation);
        if (Math.max(deliveredUpTo, readUpTo) > lastSeq) {
            throw ApiException.badRequest("invalid_seq",
                    "upToSeq " + Math.max(deliveredUpTo, readUpTo) + " is past the conversation's last entry (" + lastSeq + ")");
        }
        ConversationRepository.WatermarkChange change =
                conversations.advanceWatermarks(conversation, device.userId(), deliveredUpTo, readUpTo);
        if (change.changed()) {
            fanout.toUsers(toldOf(conversation, device.userId(), change), new ServerFrame.Receipt(conversation,
                    device.userId(), change.deliveredAfter(), change.readAfter()));
        }
    }

    /**
     * Who hears of a receipt: the reader's own devices (to clear unread counts) and the senders of the
     * messages it newly covers, who show the ticks. Not every member: in a big group that would be
     * O(members) frames per receipt. Everyone else sees the watermarks on their next sync.
     */
    private Set<UserId> toldOf(ConversationId conversation, UserId reader, ConversationRepository.WatermarkChange change) {
        long from = Math.min(change.deliveredBefore(), change.readBefore());
        long to = Math.max(change.deliveredAfter(), change.readAfter());
        Set<UserId> told = new LinkedHashSet<>();
        told.add(reader);
        told.addAll(messages.sendersBetween(conversation, from, to));
        return told;
    }

    /** Who of the entry's recipients has it delivered and read. */
    public MessageInfo info(Principal principal, ConversationId conversation, long seq) {
        conversationService.requireMember(principal.userId(), conversation);
        StoredMessage entry = messages.at(conversation, seq)
                .orElseThrow(() -> ApiException.notFound("message_not_found", "No entry with seq " + seq));
        ConversationView view = conversationService.view(conversation);
        List<UserView> readBy = new ArrayList<>();
        List<UserView> deliveredTo = new ArrayList<>();
        List<UserView> pending = new ArrayList<>();
        for (MemberView member : view.members()) {
            if (member.userId().equals(entry.senderId()) || !member.isRecipientOf(seq)) {
                continue;
            }
            UserView user = new UserView(member.userId(), member.username(), member.displayName());
            if (member.readUpToSeq() >= seq) {
                readBy.add(user);
            } else if (member.deliveredUpToSeq() >= seq) {
                deliveredTo.add(user);
            } else {
                pending.add(user);
            }
        }
        return new MessageInfo(seq, readBy.size() + deliveredTo.size() + pending.size(),
                readBy.size() + deliveredTo.size(), readBy.size(), readBy, deliveredTo, pending);
    }
}
