package dev.parley.loadtest.client;

import java.util.ArrayDeque;
import java.util.Optional;

/**
 * One device's messages that are not acknowledged yet, oldest first. Only the oldest is ever on the
 * wire (like the desktop app's outbox): when it has to be sent again — lost with its socket, or refused
 * for now with {@code unavailable}, {@code internal_error} or {@code rate_limited} — no newer message
 * has been handled by the server meanwhile, so a resend can never be stored after a newer message.
 * With several on the wire, the server might store message 6 while message 5 waits for its retry.
 * <p>
 * Not thread-safe: its device calls it under its own lock. Each method answers what to put on the
 * wire now, if anything.
 */
public final class Outbox {
    /** A send to put on the wire; {@code resend} when this message was on the wire before. */
    public record Due(PendingSend send, boolean resend) {
    }

    private final ArrayDeque<PendingSend> queue = new ArrayDeque<>();
    private boolean connected;
    /** The oldest was sent on the current socket and is not answered yet. */
    private boolean onWire;
    /** The oldest was refused for now and waits for {@link #retryDue()}. */
    private boolean waiting;
    private boolean oldestSentBefore;

    public Optional<Due> add(PendingSend send) {
        queue.add(send);
        return next();
    }

    /** A socket is open (its hello arrived): the oldest goes (again) at once. */
    public Optional<Due> connected() {
        connected = true;
        onWire = false;
        waiting = false;
        return next();
    }

    /** The socket is gone, and with it any answer to what was on the wire. */
    public void disconnected() {
        connected = false;
        onWire = false;
    }

    /** An ack for {@code requestId}: the message is stored and leaves the outbox. */
    public Optional<Due> acknowledged(String requestId) {
        return remove(requestId);
    }

    /** A refusal no resend can fix: the message leaves the outbox. */
    public Optional<Due> refused(String requestId) {
        return remove(requestId);
    }

    /**
     * A refusal for now: the message stays oldest and waits. True if it was the one on the wire (the
     * caller then schedules {@link #retryDue()}).
     */
    public boolean retryLater(String requestId) {
        if (!onWire || !isOldest(requestId)) {
            return false;
        }
        onWire = false;
        waiting = true;
        return true;
    }

    /** The wait after a refusal for now is over. */
    public Optional<Due> retryDue() {
        waiting = false;
        return next();
    }

    public int size() {
        return queue.size();
    }

    private Optional<Due> remove(String requestId) {
        if (!isOldest(requestId)) {
            return Optional.empty();
        }
        queue.poll();
        onWire = false;
        waiting = false;
        oldestSentBefore = false;
        return next();
    }

    private boolean isOldest(String requestId) {
        return !queue.isEmpty() && queue.peek().requestId().equals(requestId);
    }

    private Optional<Due> next() {
        if (!connected || onWire || waiting || queue.isEmpty()) {
            return Optional.empty();
        }
        onWire = true;
        Due due = new Due(queue.peek(), oldestSentBefore);
        oldestSentBefore = true;
        return Optional.of(due);
    }
}
