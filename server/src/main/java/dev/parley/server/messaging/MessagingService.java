package dev.parley.server.messaging;

import dev.parley.protocol.Limits;
import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.MessageId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MessageKind;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.model.SyncCursor;
import dev.parley.protocol.rest.HistoryPage;
import dev.parley.protocol.ws.ClientFrame;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.accounts.Principal;
import dev.parley.server.conversations.ConversationRepository;
import dev.parley.server.conversations.ConversationService;
import dev.parley.server.crypto.MessageCipher;
import dev.parley.server.http.ApiException;
import dev.parley.server.metrics.ServerMetrics;
import dev.parley.server.presence.PresenceService;
import dev.parley.server.realtime.Fanout;
import dev.parley.server.storage.Database;
import dev.parley.server.storage.IdGenerator;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * Messages: durable, idempotent sending into a conversation's gapless log; history; delta sync; receipts.
 *
 * <p>A message is acknowledged only after its transaction commits, and pushed to devices only then.
 * Seqs are assigned while the conversation row is locked and the lock is held to commit, so within a
 * conversation commits happen in seq order: a reader that has seen seq N has seen everything below N,
 * and a sync "after N" can never skip an entry that commits later.
 */
public final class MessagingService {
    private final ConversationRepository conversations;
    private final ConversationService conversationService;
    private final MessageRepository messages;
    private final MessageSealer sealer;
    private final PresenceService presence;
    private final Fanout fanout;
    private final LogWriter log;
    private final SendBatcher batcher;
    private final ServerMetrics metrics;

    public MessagingService(ConversationRepository conversations, ConversationService conversationService,
                            MessageRepository messages, MessageSealer sealer, PresenceService presence, Fanout fanout,
                            LogWriter log, SendBatcher batcher, ServerMetrics metrics) {
        this.conversations = conversations;
        this.conversationService = conversationService;
        this.messages = messages;
        this.sealer = sealer;
        this.presence = presence;
        this.fanout = fanout;
        this.log = log;
        this.batcher = batcher;
        this.metrics = metrics;
    }

    /** The stored message, and whether it was stored by an earlier send with the same clientMessageId. */
    public record SendOutcome(MessageView message, boolean duplicate) {
        public ServerFrame.Ack ack(String requestId) {
            return new ServerFrame.Ack(requestId, message.id(), message.conversationId(), message.seq(),
                    message.clientMessageId(), message.sentAt(), duplicate);
        }
    }

    /** Stores a new message, or answers a resend (same sender and clientMessageId) with the stored one. */
    public SendOutcome send(Principal sender, ClientFrame.Send request) {
        SendOutcome outcome = store(sender, request);
        if (!outcome.duplicate()) {
            metrics.messageStored();
        }
        return outcome;
    }

    private SendOutcome store(Principal sender, ClientFrame.Send request) {
        if (!messages.findsResendsInBatch()) {
            Optional<StoredMessage> earlier = messages.findByClientId(sender.userId(), request.clientMessageId());
            if (earlier.isPresent()) {
                return resend(sender, earlier.get(), request);
            }
        }
        SendBatcher.Outcome outcome;
        try {
            outcome = batcher.send(sender, request);
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        return switch (outcome) {
            case SendBatcher.Outcome.Stored stored -> new SendOutcome(stored.message(), false);
            case SendBatcher.Outcome.Earlier earlier -> resend(sender, earlier.message(), request);
            case SendBatcher.Outcome.Refused refused -> throw refused.reason();
            case SendBatcher.Outcome.Alone ignored -> sendAlone(sender, request);
        };
    }

    /** One message in its own transaction: for a send that could not go with a batch. */
    private SendOutcome sendAlone(Principal sender, ClientFrame.Send request) {
        LogWriter.Written<Appended> written;
        try {
            written = log.write(request.conversationId(), entries -> {
                List<UserId> members = conversations.memberIds(entries.tx(), request.conversationId());
                if (!members.contains(sender.userId())) {
                    throw conversations.membership(entries.tx(), request.conversationId(), sender.userId()).isPresent()
                            ? ApiException.notAMember() : ApiException.conversationNotFound();
                }
                // A concurrent send of the same clientMessageId may have committed while we waited for the lock.
                Optional<StoredMessage> raced = messages.findByClientId(entries.tx(), sender.userId(),
                        request.clientMessageId());
                if (raced.isPresent()) {
                    return new Appended(raced.get(), members);
                }
                entries.appendText(sender.userId(), sender.deviceId(), request.clientMessageId(), request.text());
                return new Appended(null, members);
            });
        } catch (RuntimeException e) {
            if (Database.isUniqueViolation(e)) {
                // The same clientMessageId committed concurrently in another conversation.
                return resend(sender, messages.findByClientId(sender.userId(), request.clientMessageId()).orElseThrow(() -> e),
                        request);
            }
            throw e;
        }
        if (written.value().raced() != null) {
            written.cancel();
            return resend(sender, written.value().raced(), request);
        }
        MessageView view = written.entries().getFirst();
        written.deliver(() -> fanout.toUsers(written.value().members(), new ServerFrame.Message(view), sender.deviceId()));
        return new SendOutcome(view, false);
    }

    /** The members a new message goes to, or the earlier message a concurrent resend already stored. */
    private record Appended(StoredMessage raced, List<UserId> members) {
    }

    public HistoryPage history(Principal reader, ConversationId conversation, Long beforeSeq, Integer limit) {
        ConversationService.Readable readable = conversationService.readable(reader.userId(), conversation);
        int pageSize = limit == null ? Limits.DEFAULT_HISTORY_PAGE : limit;
        if (pageSize < 1 || pageSize > Limits.MAX_HISTORY_PAGE) {
            throw ApiException.badRequest("invalid_field", "limit must be between 1 and " + Limits.MAX_HISTORY_PAGE);
        }
        long before = beforeSeq == null ? Long.MAX_VALUE : beforeSeq;
        if (before < 1) {
            throw ApiException.badRequest("invalid_field", "before must be a seq of 1 or more");
        }
        List<MessageView> page = messages.before(conversation, readable.from(), Math.min(before, justPast(readable.upTo())),
                pageSize).stream().map(sealer::open).toList();
        Long next = page.isEmpty() || page.getLast().seq() <= readable.from() ? null : page.getLast().seq();
        return new HistoryPage(page, next);
    }

    /**
     * One page of delta sync: entries after the device's cursors, conversation by conversation in
     * seq order, at most {@code limit} in all, plus the cursors to ask with next.
     */
    public ServerFrame.SyncBatch sync(Principal device, ClientFrame.Sync request) {
        metrics.syncRequested();
        Map<ConversationId, Long> cursors = new HashMap<>();
        for (SyncCursor cursor : request.cursors()) {
            cursors.merge(cursor.conversationId(), cursor.afterSeq(), Math::max);
        }
        List<ConversationRepository.Listed> listed = conversations.conversationsOf(device.userId());
        List<ConversationView> mine = listed.stream().map(ConversationRepository.Listed::view).toList();
        List<MessageView> page = new ArrayList<>();
        List<SyncCursor> next = new ArrayList<>(mine.size());
        int remaining = request.limit();
        boolean hasMore = false;
        for (ConversationRepository.Listed item : listed) {
            ConversationView conversation = item.view();
            // Entries from before the user joined were never theirs.
            long after = Math.max(cursors.getOrDefault(conversation.id(), 0L), item.readableFrom() - 1);
            if (after < conversation.lastSeq() && remaining > 0) {
                // Bounded by the lastSeq this batch reports, so the batch is one consistent snapshot.
                List<StoredMessage> entries = messages.between(conversation.id(), after, conversation.lastSeq(), remaining);
                entries.forEach(entry -> page.add(sealer.open(entry)));
                remaining -= entries.size();
                if (!entries.isEmpty()) {
                    after = entries.getLast().seq();
                }
            }
            hasMore |= after < conversation.lastSeq();
            next.add(SyncCursor.of(conversation.id(), after));
        }
        List<UserId> others = List.copyOf(ConversationService.othersIn(mine, device.userId()));
        return new ServerFrame.SyncBatch(request.requestId(), mine, page, presence.presenceOf(others), next, hasMore);
    }

    /**
     * A resend of a stored message: answered with the stored one and pushed again, because the node that
     * stored it may have died before pushing it (devices ignore an entry they hold).
     */
    private SendOutcome resend(Principal sender, StoredMessage earlier, ClientFrame.Send request) {
        MessageView view = sealer.open(earlier);
        if (!earlier.conversationId().equals(request.conversationId()) || !request.text().equals(view.text())) {
            throw ApiException.conflict("client_message_id_reused",
                    "This clientMessageId was already used for a different message");
        }
        fanout.toUsersAgain(conversations.memberIds(earlier.conversationId()), new ServerFrame.Message(view),
                sender.deviceId());
        return new SendOutcome(view, true);
    }

    /** For a "before" bound: seqs past the end of the log are all the same. */
    private static long justPast(long seq) {
        return seq == Long.MAX_VALUE ? seq : seq + 1;
    }
}
