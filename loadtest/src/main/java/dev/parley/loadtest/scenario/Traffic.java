package dev.parley.loadtest.scenario;

import dev.parley.loadtest.accounting.Stamp;
import dev.parley.loadtest.run.Metric;
import dev.parley.loadtest.run.RunClock;
import dev.parley.loadtest.socket.DeviceSocket;
import dev.parley.loadtest.socket.FrameListener;
import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.model.MessageKind;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.ws.ClientFrame;
import dev.parley.protocol.ws.ServerFrame;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Stamped messages going out and coming back: sends them, and books acks, refusals and deliveries
 * (live or synced) in the ledger of the phase each message names.
 */
class Traffic implements FrameListener {
    private static final int ERRORS_SHOWN = 10;

    private final Map<Integer, Books> phases = new ConcurrentHashMap<>();
    private final IntFunction<Books> newBooks;
    private final int size;
    private final AtomicInteger errorsShown = new AtomicInteger();

    Traffic(IntFunction<Books> newBooks, int size) {
        this.newBooks = newBooks;
        this.size = size;
    }

    Books books(int phase) {
        return phases.computeIfAbsent(phase, newBooks::apply);
    }

    void send(DeviceSocket socket, ConversationId conversation, Stamp stamp) {
        books(stamp.phase()).ledger().sent(stamp.sender(), stamp.counter());
        if (socket == null) {
            return; // dropped earlier: booked as sent and never answered
        }
        socket.send(new ClientFrame.Send(stamp.requestId(), conversation, UUID.randomUUID(), stamp.text(size)));
    }

    @Override
    public void onFrame(DeviceSocket socket, ServerFrame frame, long receivedNanos) {
        switch (frame) {
            case ServerFrame.Ack ack -> acknowledged(socket.index(), ack, receivedNanos);
            case ServerFrame.Error error -> refused(socket.index(), error);
            case ServerFrame.Message message -> delivered(socket.index(), message.message(), receivedNanos, true);
            case ServerFrame.SyncBatch batch -> batch.messages().forEach(m -> delivered(socket.index(), m, receivedNanos, false));
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
            case ServerFrame.SyncNeeded ignored -> {
            }
        }
    }

    /** The server stored a message of {@code sender}. */
    void acknowledged(int sender, ServerFrame.Ack ack, long receivedNanos) {
        Stamp stamp = Stamp.parseRequestId(sender, ack.requestId());
        if (stamp != null) {
            Books books = books(stamp.phase());
            books.ledger().acked(stamp.sender(), stamp.counter());
            books.latency(Metric.ACK).recordNanos(receivedNanos - RunClock.fromStamp(stamp.intendedNanos()));
        }
    }

    /** The server refused a frame of {@code participant}; a refused message is booked as such. */
    void refused(int participant, ServerFrame.Error error) {
        Stamp stamp = Stamp.parseRequestId(participant, error.requestId());
        if (stamp != null) {
            books(stamp.phase()).ledger().rejected(stamp.sender(), stamp.counter());
        }
        if (errorsShown.incrementAndGet() <= ERRORS_SHOWN) {
            show(participant, error, "");
        }
    }

    static void show(int participant, ServerFrame.Error error, String outcome) {
        System.err.println("server error for participant " + participant + ": " + error.code() + " "
                + error.message() + " (request " + error.requestId() + ")" + outcome);
    }

    /**
     * A message reached participant {@code receiver}; live arrivals count towards latency. False if it
     * is not a load-test message or reached the receiver before (a duplicate).
     */
    boolean delivered(int receiver, MessageView message, long receivedNanos, boolean live) {
        if (message.kind() != MessageKind.TEXT) {
            return false;
        }
        Stamp stamp = Stamp.parse(message.text());
        if (stamp == null) {
            return false;
        }
        Books books = books(stamp.phase());
        boolean first = books.ledger().delivered(receiver, stamp.sender(), stamp.counter(), message.conversationId(),
                message.seq());
        if (first && live) {
            long latency = receivedNanos - RunClock.fromStamp(stamp.intendedNanos());
            books.latency(Metric.DELIVER).recordNanos(latency);
            onLiveDelivery(stamp, latency);
        }
        return first;
    }

    /** Hook for scenarios that follow each message to all its receivers. */
    void onLiveDelivery(Stamp stamp, long latencyNanos) {
    }
}
