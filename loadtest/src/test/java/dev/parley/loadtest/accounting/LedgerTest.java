package dev.parley.loadtest.accounting;

import dev.parley.protocol.ids.ConversationId;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class LedgerTest {
    private static final int ALICE = 0;
    private static final int BOB = 1;
    private static final ConversationId CHAT = ConversationId.of(UUID.randomUUID());

    private final Ledger ledger = new Ledger(sender -> new int[]{sender == ALICE ? BOB : ALICE});

    private void sendAndAck(long... counters) {
        for (long counter : counters) {
            ledger.sent(ALICE, counter);
            ledger.acked(ALICE, counter);
        }
    }

    @Test
    void everyAcknowledgedMessageDeliveredOnceInOrderIsClean() {
        sendAndAck(0, 1, 2);
        ledger.delivered(BOB, ALICE, 0, CHAT, 1);
        ledger.delivered(BOB, ALICE, 1, CHAT, 2);
        ledger.delivered(BOB, ALICE, 2, CHAT, 3);

        assertThat(ledger.tally()).isEqualTo(new Tally(3, 3, 0, 0, 3, 0, 0, 0));
        assertThat(ledger.drained()).isTrue();
    }

    @Test
    void anAcknowledgedMessageThatNeverArrivesIsLost() {
        sendAndAck(0, 1, 2);
        ledger.delivered(BOB, ALICE, 0, CHAT, 1);
        ledger.delivered(BOB, ALICE, 2, CHAT, 3);

        assertThat(ledger.tally().lost()).isEqualTo(1);
        assertThat(ledger.drained()).isFalse();
    }

    @Test
    void aMessageArrivingTwiceIsADuplicateAndCountsOnce() {
        sendAndAck(0);
        assertThat(ledger.delivered(BOB, ALICE, 0, CHAT, 1)).isTrue();
        assertThat(ledger.delivered(BOB, ALICE, 0, CHAT, 1)).isFalse();

        Tally tally = ledger.tally();
        assertThat(tally.duplicates()).isEqualTo(1);
        assertThat(tally.delivered()).isEqualTo(1);
        assertThat(tally.lost()).isZero();
    }

    @Test
    void aMessageArrivingAfterALaterOneIsReordered() {
        sendAndAck(0, 1);
        ledger.delivered(BOB, ALICE, 1, CHAT, 2);
        ledger.delivered(BOB, ALICE, 0, CHAT, 1);

        Tally tally = ledger.tally();
        assertThat(tally.reordered()).isEqualTo(1);
        assertThat(tally.lost()).isZero();
    }

    @Test
    void aSeqGoingBackwardsInAConversationIsReorderedEvenWhenCountersAgree() {
        ledger.sent(ALICE, 0);
        ledger.acked(ALICE, 0);
        ledger.sent(BOB, 0);
        ledger.acked(BOB, 0);
        Ledger group = new Ledger(sender -> new int[]{2});
        group.delivered(2, ALICE, 0, CHAT, 5);
        group.delivered(2, BOB, 0, CHAT, 4);

        assertThat(group.tally().reordered()).isEqualTo(1);
    }

    @Test
    void aMessageNeverAnsweredIsUnackedNotLost() {
        ledger.sent(ALICE, 0);
        ledger.sent(ALICE, 1);
        ledger.acked(ALICE, 0);
        ledger.rejected(ALICE, 1);
        ledger.sent(ALICE, 2);
        ledger.delivered(BOB, ALICE, 0, CHAT, 1);

        Tally tally = ledger.tally();
        assertThat(tally.unacked()).isEqualTo(1);
        assertThat(tally.rejected()).isEqualTo(1);
        assertThat(tally.lost()).isZero();
    }

    @Test
    void aGroupMessageMissingAtOneOfItsReceiversIsLostOnce() {
        Ledger group = new Ledger(sender -> new int[]{1, 2, 3});
        group.sent(0, 0);
        group.acked(0, 0);
        group.delivered(1, 0, 0, CHAT, 1);
        group.delivered(3, 0, 0, CHAT, 1);

        assertThat(group.tally().lost()).isEqualTo(1);
    }
}
