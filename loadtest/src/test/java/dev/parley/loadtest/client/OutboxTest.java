package dev.parley.loadtest.client;

import dev.parley.loadtest.accounting.Stamp;
import dev.parley.protocol.ids.ConversationId;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxTest {
    private static final ConversationId CHAT = ConversationId.of(UUID.randomUUID());

    private final Outbox outbox = new Outbox();

    private static PendingSend message(long counter) {
        Stamp stamp = new Stamp(0, 0, counter, 1000 + counter);
        return new PendingSend(stamp, CHAT, UUID.randomUUID(), stamp.text(64));
    }

    private static long counter(Optional<Outbox.Due> due) {
        assertThat(due).isPresent();
        return due.orElseThrow().send().stamp().counter();
    }

    @Test
    void messagesWrittenWhileDisconnectedGoOutOldestFirstAfterTheHello() {
        PendingSend first = message(0);
        assertThat(outbox.add(first)).isEmpty();
        assertThat(outbox.add(message(1))).isEmpty();

        Optional<Outbox.Due> due = outbox.connected();

        assertThat(counter(due)).isZero();
        assertThat(due.orElseThrow().resend()).isFalse();
        assertThat(outbox.acknowledged(first.requestId()).map(d -> d.send().stamp().counter())).contains(1L);
    }

    @Test
    void onlyTheOldestIsOnTheWireUntilItIsAcknowledged() {
        outbox.connected();
        PendingSend first = message(0);

        assertThat(counter(outbox.add(first))).isZero();
        assertThat(outbox.add(message(1))).isEmpty();
        assertThat(outbox.add(message(2))).isEmpty();
        assertThat(counter(outbox.acknowledged(first.requestId()))).isEqualTo(1);
        assertThat(outbox.size()).isEqualTo(2);
    }

    @Test
    void aMessageLostWithItsSocketGoesAgainBeforeNewerOnesAsTheSameFrame() {
        outbox.connected();
        PendingSend first = message(0);
        outbox.add(first);
        outbox.disconnected();
        outbox.add(message(1));

        Optional<Outbox.Due> again = outbox.connected();

        assertThat(again.orElseThrow().send()).isEqualTo(first);
        assertThat(again.orElseThrow().send().frame()).isEqualTo(first.frame());
        assertThat(again.orElseThrow().resend()).isTrue();
    }

    @Test
    void aMessageRefusedForNowWaitsAndStillGoesBeforeNewerOnes() {
        outbox.connected();
        PendingSend first = message(0);
        outbox.add(first);

        assertThat(outbox.retryLater(first.requestId())).isTrue();
        assertThat(outbox.add(message(1))).isEmpty();
        Optional<Outbox.Due> retry = outbox.retryDue();

        assertThat(retry.orElseThrow().send()).isEqualTo(first);
        assertThat(retry.orElseThrow().resend()).isTrue();
        assertThat(outbox.add(message(2))).isEmpty();
    }

    @Test
    void aRefusalNoResendCanFixLetsTheNextOneGo() {
        outbox.connected();
        PendingSend first = message(0);
        outbox.add(first);
        outbox.add(message(1));

        assertThat(counter(outbox.refused(first.requestId()))).isEqualTo(1);
        assertThat(outbox.size()).isEqualTo(1);
    }

    @Test
    void anAnswerForAMessageThatIsNotTheOldestChangesNothing() {
        outbox.connected();
        outbox.add(message(0));
        PendingSend second = message(1);
        outbox.add(second);

        assertThat(outbox.acknowledged(second.requestId())).isEmpty();
        assertThat(outbox.retryLater(second.requestId())).isFalse();
        assertThat(outbox.size()).isEqualTo(2);
    }
}
