package dev.parley.loadtest.client;

import dev.parley.loadtest.socket.Backoff;
import dev.parley.loadtest.socket.DeviceSocket;
import dev.parley.loadtest.socket.FrameSink;
import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.ws.ClientFrame;
import dev.parley.protocol.ws.ServerFrame;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One participant as a careful client (§15): it sends through its {@link Outbox} and applies what
 * arrives through its {@link Inbox}. It syncs from its cursors after every hello, on a gap and on
 * {@code syncNeeded} — one sync at a time, repeated while {@code hasMore} — and sends again what the
 * server could not store yet. Sockets come and go ({@link #connected}, {@link #disconnected}); the
 * outbox and the cursors stay.
 */
public final class CarefulDevice {
    /** Refusals that mean "not now": the same frame is sent again later (§5.2, §12.2). */
    private static final Set<String> RETRYABLE = Set.of("unavailable", "internal_error", "rate_limited");
    private static final Backoff RETRY = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1));

    /** What the device saw, for the books. Called under the device's lock. */
    public interface Events {
        /** An entry was applied: it reached this participant. */
        void applied(int participant, Inbox.Applied applied, long receivedNanos);

        /** An entry the participant had applied (or held) already came again and was ignored. */
        void redelivered(int participant, MessageView entry);

        /** A message goes on the wire again. */
        void resent(int participant, PendingSend send);

        void acknowledged(int participant, ServerFrame.Ack ack, long receivedNanos);

        /** An error frame; {@code retrying} when the device sends the same frame again later. */
        void refused(int participant, ServerFrame.Error error, boolean retrying);
    }

    private final int participant;
    private final Outbox outbox = new Outbox();
    private final Inbox inbox;
    private final int syncLimit;
    private final ScheduledExecutorService timers;
    private final Events events;
    private final List<CompletableFuture<Void>> syncWaiters = new ArrayList<>();
    private FrameSink wire;
    private String syncRequest;
    private boolean syncAgain;
    private int refusalsInARow;

    /** {@code followed}: the conversations to apply, each with the seq up to which the participant has it. */
    public CarefulDevice(int participant, Map<ConversationId, Long> followed, int syncLimit,
                         ScheduledExecutorService timers, Events events) {
        this.participant = participant;
        this.inbox = new Inbox(followed);
        this.syncLimit = syncLimit;
        this.timers = timers;
        this.events = events;
    }

    /** A new message: it goes out after every older one of this device is acknowledged. */
    public synchronized void send(PendingSend send) {
        outbox.add(send).ifPresent(this::transmit);
    }

    /** A socket's hello arrived: sync from the cursors, then send the outbox again from its oldest. */
    public synchronized void connected(FrameSink socket) {
        if (wire != null) {
            disconnected(wire);
        }
        wire = socket;
        startSync();
        outbox.connected().ifPresent(this::transmit);
    }

    /** The socket closed: whatever it had in flight is answered by no one. */
    public synchronized void disconnected(FrameSink socket) {
        if (wire != socket) {
            return;
        }
        wire = null;
        syncRequest = null;
        syncAgain = false;
        outbox.disconnected();
    }

    /** A frame other than {@code hello} arrived on the current socket. */
    public synchronized void received(ServerFrame frame, long receivedNanos) {
        switch (frame) {
            case ServerFrame.Message message -> arrived(message.message(), receivedNanos);
            case ServerFrame.SyncBatch batch -> synced(batch, receivedNanos);
            case ServerFrame.Ack ack -> acknowledged(ack, receivedNanos);
            case ServerFrame.Error error -> refused(error);
            case ServerFrame.SyncNeeded ignored -> requestSync();
            case ServerFrame.Hello ignored -> {
            }
            case ServerFrame.Receipt ignored -> {
            }
            case ServerFrame.Presence ignored -> {
            }
            case ServerFrame.Typing ignored -> {
            }
            case ServerFrame.Conversation ignored -> {
            }
            case ServerFrame.JoinRequested ignored -> {
            }
            case ServerFrame.Ok ignored -> {
            }
            case ServerFrame.Pong ignored -> {
            }
        }
    }

    /**
     * Syncs once more from the cursors; completes when a sync begun after this call has reached
     * {@code hasMore: false} with no gap left (on the next socket, if none is open now).
     */
    public synchronized CompletableFuture<Void> syncOnceMore() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        syncWaiters.add(done);
        requestSync();
        return done;
    }

    public synchronized int unacknowledged() {
        return outbox.size();
    }

    private void arrived(MessageView entry, long receivedNanos) {
        Inbox.Arrival arrival = inbox.offer(entry, true);
        report(arrival, entry, receivedNanos);
        if (arrival.gap()) {
            requestSync();
        }
    }

    private void synced(ServerFrame.SyncBatch batch, long receivedNanos) {
        if (!batch.requestId().equals(syncRequest)) {
            return;
        }
        refusalsInARow = 0;
        // A gap inside a batch needs no sync of its own: the loop below goes on while one is left.
        batch.messages().forEach(entry -> report(inbox.offer(entry, false), entry, receivedNanos));
        inbox.synced(batch.cursors()).forEach(applied -> events.applied(participant, applied, receivedNanos));
        if (batch.hasMore() || syncAgain || inbox.hasGap()) {
            startSync();
            return;
        }
        syncRequest = null;
        syncWaiters.forEach(waiter -> waiter.complete(null));
        syncWaiters.clear();
    }

    private void acknowledged(ServerFrame.Ack ack, long receivedNanos) {
        events.acknowledged(participant, ack, receivedNanos);
        inbox.placed(ack.conversationId(), ack.seq()).forEach(applied -> events.applied(participant, applied, receivedNanos));
        refusalsInARow = 0;
        outbox.acknowledged(ack.requestId()).ifPresent(this::transmit);
    }

    private void refused(ServerFrame.Error error) {
        String request = error.requestId();
        if (request != null && request.equals(syncRequest)) {
            syncRequest = null;
            events.refused(participant, error, true);
            later(this::requestSync);
        } else if (RETRYABLE.contains(error.code())) {
            events.refused(participant, error, true);
            if (request != null && outbox.retryLater(request)) {
                later(() -> outbox.retryDue().ifPresent(this::transmit));
            }
        } else {
            events.refused(participant, error, false);
            if (request != null) {
                outbox.refused(request).ifPresent(this::transmit);
            }
        }
    }

    private void report(Inbox.Arrival arrival, MessageView entry, long receivedNanos) {
        arrival.applied().forEach(applied -> events.applied(participant, applied, receivedNanos));
        if (arrival.redelivery()) {
            events.redelivered(participant, entry);
        }
    }

    /** One sync in flight at a time: a sync asked for meanwhile runs when the current one ends. */
    private void requestSync() {
        if (wire == null) {
            return; // the next hello syncs
        }
        if (syncRequest != null) {
            syncAgain = true;
            return;
        }
        startSync();
    }

    private void startSync() {
        if (wire == null) {
            return;
        }
        syncAgain = false;
        syncRequest = DeviceSocket.requestId("y");
        wire.send(new ClientFrame.Sync(syncRequest, inbox.cursors(), syncLimit));
    }

    private void transmit(Outbox.Due due) {
        // A send that fails at once closes the socket on this very thread, so the wire may be gone
        // by now; the outbox is told and sends again on the next socket.
        if (wire == null) {
            return;
        }
        if (due.resend()) {
            events.resent(participant, due.send());
        }
        wire.send(due.send().frame());
    }

    /** Runs {@code action} under the lock after a growing wait (200 ms doubling to 1 s while refusals go on). */
    private void later(Runnable action) {
        long delay = RETRY.delayMillis(refusalsInARow++);
        try {
            timers.schedule(() -> {
                synchronized (this) {
                    action.run();
                }
            }, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the run is over
        }
    }
}
