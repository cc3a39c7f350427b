package dev.parley.loadtest.client;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.MessageId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.MessageKind;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.model.SyncCursor;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class InboxTest {
    private static final ConversationId CHAT = ConversationId.of(UUID.randomUUID());
    private static final ConversationId OTHER = ConversationId.of(UUID.randomUUID());

    private final Inbox inbox = new Inbox(Map.of(CHAT, 2L));

    private static MessageView entry(ConversationId chat, long seq) {
        return new MessageView(MessageId.of(UUID.randomUUID()), chat, seq, MessageKind.TEXT, UserId.of(UUID.randomUUID()),
                null, UUID.randomUUID(), "text " + seq, null, Instant.now());
    }

    private static List<Long> seqs(List<Inbox.Applied> applied) {
        return applied.stream().map(a -> a.entry().seq()).toList();
    }

    @Test
    void theNextEntryIsAppliedAtOnce() {
        Inbox.Arrival arrival = inbox.offer(entry(CHAT, 3), true);

        assertThat(seqs(arrival.applied())).containsExactly(3L);
        assertThat(arrival.applied().getFirst().live()).isTrue();
        assertThat(inbox.cursor(CHAT)).isEqualTo(3);
    }

    @Test
    void anEntryBeyondAGapIsHeldUntilASyncFillsTheGap() {
        Inbox.Arrival early = inbox.offer(entry(CHAT, 5), true);

        assertThat(early.gap()).isTrue();
        assertThat(early.applied()).isEmpty();
        assertThat(inbox.hasGap()).isTrue();
        assertThat(inbox.cursors()).containsExactly(SyncCursor.of(CHAT, 2));

        List<Inbox.Applied> filled = inbox.offer(entry(CHAT, 3), false).applied();
        filled = concat(filled, inbox.offer(entry(CHAT, 4), false).applied());
        Inbox.Arrival again = inbox.offer(entry(CHAT, 5), false);

        assertThat(seqs(filled)).containsExactly(3L, 4L, 5L);
        assertThat(filled.getLast().live()).as("5 came live first").isTrue();
        assertThat(again.redelivery()).isTrue();
        assertThat(inbox.hasGap()).isFalse();
        assertThat(inbox.cursor(CHAT)).isEqualTo(5);
    }

    @Test
    void anEntryAppliedAlreadyIsARedeliveryAndNotAppliedAgain() {
        inbox.offer(entry(CHAT, 3), true);

        Inbox.Arrival again = inbox.offer(entry(CHAT, 3), true);

        assertThat(again.redelivery()).isTrue();
        assertThat(again.applied()).isEmpty();
    }

    @Test
    void theDevicesOwnMessageIsPlacedByItsAckSoTheNextEntryIsNoGap() {
        assertThat(inbox.placed(CHAT, 3)).isEmpty();

        Inbox.Arrival next = inbox.offer(entry(CHAT, 4), true);

        assertThat(next.gap()).isFalse();
        assertThat(seqs(next.applied())).containsExactly(4L);
    }

    @Test
    void anAckBeyondAGapIsHeldAndSkippedWhenTheGapFills() {
        inbox.placed(CHAT, 4);

        assertThat(seqs(inbox.offer(entry(CHAT, 3), true).applied())).containsExactly(3L);
        assertThat(inbox.cursor(CHAT)).isEqualTo(4);
    }

    @Test
    void entriesThatAreNotTextAdvanceTheCursorLikeAnyOther() {
        MessageView joined = new MessageView(MessageId.of(UUID.randomUUID()), CHAT, 3, MessageKind.MEMBER_JOINED,
                UserId.of(UUID.randomUUID()), null, null, null, UserId.of(UUID.randomUUID()), Instant.now());

        assertThat(inbox.offer(joined, true).applied()).hasSize(1);
        assertThat(inbox.offer(entry(CHAT, 4), true).gap()).isFalse();
    }

    @Test
    void conversationsNotFollowedAreNotAppliedButSyncMovesPastThem() {
        Inbox.Arrival foreign = inbox.offer(entry(OTHER, 1), false);
        inbox.synced(List.of(SyncCursor.of(CHAT, 2), SyncCursor.of(OTHER, 7)));

        assertThat(foreign.applied()).isEmpty();
        assertThat(foreign.gap()).isFalse();
        assertThat(inbox.cursors()).containsExactlyInAnyOrder(SyncCursor.of(CHAT, 2), SyncCursor.of(OTHER, 7));
    }

    @Test
    void aSyncCursorAheadOfTheEntriesMovesTheCursorAndAppliesWhatWasHeld() {
        inbox.offer(entry(CHAT, 6), true);

        List<Inbox.Applied> applied = inbox.synced(List.of(SyncCursor.of(CHAT, 5)));

        assertThat(seqs(applied)).containsExactly(6L);
        assertThat(inbox.cursor(CHAT)).isEqualTo(6);
    }

    private static List<Inbox.Applied> concat(List<Inbox.Applied> a, List<Inbox.Applied> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
