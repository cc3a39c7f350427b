package dev.parley.loadtest.scenario;

import dev.parley.loadtest.accounting.Recovery;
import dev.parley.loadtest.accounting.Stamp;
import dev.parley.loadtest.accounting.Tally;
import dev.parley.loadtest.client.CarefulDevice;
import dev.parley.loadtest.run.Metric;
import dev.parley.loadtest.run.Plan;
import dev.parley.loadtest.run.RunClock;
import dev.parley.loadtest.socket.FrameSink;
import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.MessageId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.MessageKind;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.model.SyncCursor;
import dev.parley.protocol.ws.ClientFrame;
import dev.parley.protocol.ws.ServerFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Careful clients against frames made by hand: what they apply, send and book. */
class CarefulTrafficTest {
    private static final int ALICE = 0;
    private static final int BOB = 1;
    private static final ConversationId CHAT = ConversationId.of(UUID.randomUUID());
    private static final long SET_UP_AT = 2;

    private final Traffic traffic = new Traffic(phase -> Books.careful(s -> new int[]{1 - s}), 64);
    private final CarefulTraffic careful = new CarefulTraffic(traffic, new Plan(List.of(
            new Plan.Participant(ALICE, "lt_0", UserId.of(UUID.randomUUID()), "a"),
            new Plan.Participant(BOB, "lt_1", UserId.of(UUID.randomUUID()), "b")),
            List.of(new Plan.Chat(CHAT, List.of(ALICE, BOB), SET_UP_AT)), 1), 64, 200);

    @AfterEach
    void stopTimers() {
        careful.close();
    }

    /** A socket of a device: what the device put on the wire. */
    private record Wire(List<ClientFrame> frames) implements FrameSink {
        Wire() {
            this(new CopyOnWriteArrayList<>());
        }

        @Override
        public void send(ClientFrame frame) {
            frames.add(frame);
        }

        ClientFrame.Sync lastSync() {
            return (ClientFrame.Sync) frames.stream().filter(ClientFrame.Sync.class::isInstance).toList().getLast();
        }

        List<ClientFrame.Send> sends() {
            return frames.stream().filter(ClientFrame.Send.class::isInstance).map(ClientFrame.Send.class::cast).toList();
        }
    }

    /** Bob's device with a socket whose first sync found nothing new. */
    private CarefulDevice bobOnline(Wire wire) {
        CarefulDevice bob = careful.device(BOB);
        bob.connected(wire);
        answer(bob, wire.lastSync(), List.of(), SET_UP_AT);
        return bob;
    }

    private static void answer(CarefulDevice device, ClientFrame.Sync sync, List<MessageView> entries, long cursor) {
        device.received(new ServerFrame.SyncBatch(sync.requestId(), List.of(), entries, List.of(),
                List.of(SyncCursor.of(CHAT, cursor)), false), System.nanoTime());
    }

    private void acknowledgedFromAlice(long... counters) {
        for (long counter : counters) {
            traffic.books(0).ledger().sent(ALICE, counter);
            traffic.books(0).ledger().acked(ALICE, counter);
        }
    }

    private static MessageView fromAlice(long counter, long seq) {
        Stamp stamp = new Stamp(0, ALICE, counter, RunClock.toStamp(System.nanoTime()));
        return new MessageView(MessageId.of(UUID.randomUUID()), CHAT, seq, MessageKind.TEXT, UserId.of(UUID.randomUUID()),
                null, UUID.randomUUID(), stamp.text(64), null, Instant.now());
    }

    private static void live(CarefulDevice device, MessageView entry) {
        device.received(new ServerFrame.Message(entry), System.nanoTime());
    }

    private Tally tally() {
        return traffic.books(0).ledger().tally();
    }

    private Recovery recovery() {
        return traffic.books(0).recovery().tally();
    }

    @Test
    void anEntryBeyondAGapIsHeldThenTheSyncFillsTheGap() {
        acknowledgedFromAlice(0, 1);
        Wire wire = new Wire();
        CarefulDevice bob = bobOnline(wire);

        live(bob, fromAlice(1, 4));
        ClientFrame.Sync gapSync = wire.lastSync();
        answer(bob, gapSync, List.of(fromAlice(0, 3), fromAlice(1, 4)), 4);

        assertThat(gapSync.cursors()).containsExactly(SyncCursor.of(CHAT, SET_UP_AT));
        assertThat(tally()).isEqualTo(new Tally(2, 2, 0, 0, 2, 0, 0, 0));
        assertThat(recovery()).isEqualTo(new Recovery(0, 1, 1));
        assertThat(traffic.books(0).latency(Metric.DELIVER).total().getTotalCount()).as("only seq 4 came live").isEqualTo(1);
    }

    @Test
    void anEntryPushedAgainIsARedeliveryNotADuplicate() {
        acknowledgedFromAlice(0);
        CarefulDevice bob = bobOnline(new Wire());
        MessageView entry = fromAlice(0, 3);

        live(bob, entry);
        live(bob, entry);

        assertThat(tally().duplicates()).isZero();
        assertThat(tally().delivered()).isEqualTo(1);
        assertThat(recovery().redelivered()).isEqualTo(1);
    }

    @Test
    void oneMessageStoredAtTwoSeqsIsADuplicate() {
        acknowledgedFromAlice(0);
        CarefulDevice bob = bobOnline(new Wire());

        live(bob, fromAlice(0, 3));
        live(bob, fromAlice(0, 4));

        assertThat(tally().duplicates()).isEqualTo(1);
        assertThat(tally().delivered()).isEqualTo(1);
    }

    @Test
    void aMessageStoredAfterALaterOneOfTheSameSenderIsReordered() {
        acknowledgedFromAlice(0, 1);
        CarefulDevice bob = bobOnline(new Wire());

        live(bob, fromAlice(1, 3));
        live(bob, fromAlice(0, 4));

        assertThat(tally().reordered()).isEqualTo(1);
        assertThat(tally().lost()).isZero();
    }

    @Test
    void anAcknowledgedMessageWhosePushWasLostIsFoundByTheFinalSync() {
        acknowledgedFromAlice(0);
        Wire wire = new Wire();
        CarefulDevice bob = bobOnline(wire);
        assertThat(tally().lost()).isEqualTo(1);

        CompletableFuture<Void> synced = bob.syncOnceMore();
        answer(bob, wire.lastSync(), List.of(fromAlice(0, 3)), 3);

        assertThat(synced).isDone();
        assertThat(tally().lost()).isZero();
        assertThat(recovery().syncedDeliveries()).isEqualTo(1);
    }

    @Test
    void theSendersOwnMessageReturnedBySyncIsNoDelivery() {
        Wire wire = new Wire();
        CarefulDevice alice = careful.device(ALICE);
        alice.connected(wire);

        answer(alice, wire.lastSync(), List.of(fromAlice(0, 3)), 3);

        assertThat(tally().delivered()).isZero();
    }

    @Test
    void aSendLostWithItsSocketGoesAgainAfterTheNextHelloAsTheSameFrame() {
        Wire first = new Wire();
        CarefulDevice alice = careful.device(ALICE);
        alice.connected(first);
        careful.send(ALICE, CHAT, new Stamp(0, ALICE, 0, RunClock.toStamp(System.nanoTime())));
        careful.send(ALICE, CHAT, new Stamp(0, ALICE, 1, RunClock.toStamp(System.nanoTime())));

        alice.disconnected(first);
        Wire second = new Wire();
        alice.connected(second);

        assertThat(first.sends()).hasSize(1);
        assertThat(second.frames().getFirst()).isInstanceOf(ClientFrame.Sync.class);
        assertThat(second.sends()).containsExactly(first.sends().getFirst());
        assertThat(recovery().resends()).isEqualTo(1);
    }

    @Test
    void aSendRefusedAsUnavailableIsSentAgainLaterAndIsNotRejected() throws InterruptedException {
        Wire wire = new Wire();
        CarefulDevice alice = careful.device(ALICE);
        alice.connected(wire);
        careful.send(ALICE, CHAT, new Stamp(0, ALICE, 0, RunClock.toStamp(System.nanoTime())));
        ClientFrame.Send sent = wire.sends().getFirst();

        alice.received(new ServerFrame.Error(sent.requestId(), "unavailable", "database down"), System.nanoTime());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (wire.sends().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        assertThat(wire.sends()).containsExactly(sent, sent);
        assertThat(tally().rejected()).isZero();
        assertThat(alice.unacknowledged()).isEqualTo(1);
    }
}
