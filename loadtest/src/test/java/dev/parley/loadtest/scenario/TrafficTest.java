package dev.parley.loadtest.scenario;

import dev.parley.loadtest.accounting.Stamp;
import dev.parley.loadtest.run.Metric;
import dev.parley.loadtest.run.RunClock;
import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.MessageId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.MessageKind;
import dev.parley.protocol.model.MessageView;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TrafficTest {
    private static final ConversationId CHAT = ConversationId.of(UUID.randomUUID());

    private final Traffic traffic = new Traffic(phase -> Books.of(s -> new int[]{1 - s}, Metric.ACK, Metric.DELIVER), 64);

    @Test
    void deliveryLatencyIsMeasuredFromTheIntendedSendTimeNotFromWhenItWasSent() {
        long intended = System.nanoTime();
        Stamp stamp = new Stamp(0, 0, 0, RunClock.toStamp(intended));
        traffic.books(0).ledger().sent(0, 0);
        // Sent late (the sender fell behind): still measured from when it was due.
        long arrived = intended + TimeUnit.MILLISECONDS.toNanos(40);

        traffic.delivered(1, message(stamp, 1), arrived, true);

        var histogram = traffic.books(0).latency(Metric.DELIVER).total();
        assertThat(histogram.getTotalCount()).isEqualTo(1);
        assertThat(histogram.getMaxValue() / 1000.0).isCloseTo(40.0, within(0.1));
    }

    @Test
    void aDuplicateDeliveryIsNotMeasuredTwice() {
        Stamp stamp = new Stamp(0, 0, 0, RunClock.toStamp(System.nanoTime()));
        traffic.delivered(1, message(stamp, 1), System.nanoTime(), true);
        traffic.delivered(1, message(stamp, 1), System.nanoTime(), true);

        assertThat(traffic.books(0).latency(Metric.DELIVER).total().getTotalCount()).isEqualTo(1);
        assertThat(traffic.books(0).ledger().tally().duplicates()).isEqualTo(1);
    }

    @Test
    void textsThatAreNotStampedAreIgnored() {
        MessageView plain = new MessageView(MessageId.of(UUID.randomUUID()), CHAT, 1, MessageKind.TEXT,
                UserId.of(UUID.randomUUID()), null, UUID.randomUUID(), "hello", null, Instant.now());
        traffic.delivered(1, plain, System.nanoTime(), true);

        assertThat(traffic.books(0).ledger().deliveredCount()).isZero();
    }

    private static MessageView message(Stamp stamp, long seq) {
        return new MessageView(MessageId.of(UUID.randomUUID()), CHAT, seq, MessageKind.TEXT, UserId.of(UUID.randomUUID()),
                null, UUID.randomUUID(), stamp.text(64), null, Instant.now());
    }
}
