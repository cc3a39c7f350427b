package dev.parley.loadtest.run;

import dev.parley.loadtest.socket.Backoff;
import dev.parley.loadtest.socket.DeviceSocket;
import dev.parley.loadtest.socket.FrameListener;
import dev.parley.loadtest.socket.SocketPool;
import dev.parley.protocol.ws.ServerFrame;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open sockets of a worker's participants: counts the ones the server dropped, and pings each
 * socket once per heartbeat period (spread over the period) so idle sockets stay open. With
 * {@code reconnect}, a dropped socket is opened again with {@link Backoff#RECONNECT} until it is back
 * or the run ends, whatever the refusal (connection refused, 502/503 from a proxy, a closed handshake).
 */
public final class Devices implements FrameListener, AutoCloseable {
    private static final int SHOWN = 10;
    /** Close code of an ended session (§8.6): the token is gone, so knocking again is pointless. */
    private static final int SESSION_ENDED = 1008;

    private final SocketPool pool;
    private final FrameListener scenario;
    private final boolean reconnect;
    private final Map<Integer, Plan.Participant> participants = new ConcurrentHashMap<>();
    private final Map<Integer, DeviceSocket> open = new ConcurrentHashMap<>();
    private final AtomicLong drops = new AtomicLong();
    private final AtomicInteger reconnecting = new AtomicInteger();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("heartbeat").factory());
    // Separate from the heartbeat: an attempt may wait for a connect slot of the pool.
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("reconnect").factory());
    private volatile boolean closing;
    private long tick;

    public Devices(SocketPool pool, FrameListener scenario, Duration heartbeatPeriod) {
        this(pool, scenario, heartbeatPeriod, false);
    }

    public Devices(SocketPool pool, FrameListener scenario, Duration heartbeatPeriod, boolean reconnect) {
        this.pool = pool;
        this.scenario = scenario;
        this.reconnect = reconnect;
        long period = Math.max(1, heartbeatPeriod.toSeconds());
        heartbeat.scheduleAtFixedRate(() -> {
            long slot = tick++ % period;
            open.values().forEach(socket -> {
                if (Math.floorMod(socket.index(), period) == slot) {
                    socket.ping();
                }
            });
        }, 1, 1, TimeUnit.SECONDS);
    }

    public void openAll(List<Plan.Participant> participants) {
        participants.forEach(p -> this.participants.put(p.index(), p));
        // Each socket joins the heartbeat as soon as it is open: opening tens of thousands can take longer
        // than the server's idle timeout (2 minutes), and the first ones must not be dropped meanwhile.
        List<DeviceSocket> sockets = pool.openAll(participants.stream().map(Plan.Participant::index).toList(),
                participants.stream().map(Plan.Participant::token).toList(), this,
                socket -> open.putIfAbsent(socket.index(), socket));
        for (DeviceSocket socket : sockets) {
            if (!register(socket) && reconnect) {
                reconnecting.incrementAndGet();
                reconnect(socket.index(), System.nanoTime(), 0);
            }
        }
    }

    /** Opens one more socket (a device coming back); its frames go to {@code listener}. */
    public CompletableFuture<DeviceSocket> reopen(Plan.Participant participant, FrameListener listener) {
        return pool.open(participant.index(), participant.token(), new FrameListener() {
            @Override
            public void onFrame(DeviceSocket socket, ServerFrame frame, long receivedNanos) {
                listener.onFrame(socket, frame, receivedNanos);
            }

            @Override
            public void onClosed(DeviceSocket socket, int code, boolean byUs) {
                Devices.this.onClosed(socket, code, byUs);
            }
        }).thenApply(socket -> {
            open.put(socket.index(), socket);
            return socket;
        });
    }

    public DeviceSocket socket(int index) {
        return open.get(index);
    }

    /** Closes one participant's socket, as a device going offline. */
    public void closeOne(int index) {
        DeviceSocket socket = open.remove(index);
        if (socket != null) {
            socket.close();
        }
    }

    public int openCount() {
        return open.size();
    }

    public long drops() {
        return drops.get();
    }

    /** Participants whose socket dropped and is not open again yet. */
    public int reconnectingCount() {
        return reconnecting.get();
    }

    @Override
    public void onFrame(DeviceSocket socket, ServerFrame frame, long receivedNanos) {
        scenario.onFrame(socket, frame, receivedNanos);
    }

    @Override
    public void onClosed(DeviceSocket socket, int code, boolean byUs) {
        // Only the close of the registered socket counts: a socket that closes before it was registered
        // is still in the hands of whoever opened it (register tells them).
        boolean dropped = !byUs && open.remove(socket.index(), socket);
        scenario.onClosed(socket, code, byUs);
        if (!dropped) {
            return;
        }
        long shown = drops.incrementAndGet();
        boolean again = reconnect && !closing && code != SESSION_ENDED;
        if (shown <= SHOWN) {
            System.err.println("socket of participant " + socket.index() + " closed by the server or network: " + code
                    + (again ? "; reconnecting" : ""));
        }
        if (again) {
            reconnecting.incrementAndGet();
            reconnect(socket.index(), System.nanoTime(), 0);
        }
    }

    /** Schedules attempt {@code attempt} (0: the first) to bring participant {@code index} back. */
    private void reconnect(int index, long downSince, int attempt) {
        if (closing) {
            return;
        }
        try {
            retries.schedule(() -> attempt(index, downSince, attempt), Backoff.RECONNECT.delayMillis(attempt),
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile: the run is over
        }
    }

    private void attempt(int index, long downSince, int attempt) {
        if (closing) {
            return;
        }
        pool.open(index, participants.get(index).token(), this).whenComplete((socket, error) -> {
            if (error != null) {
                if (failedAttempts.incrementAndGet() <= SHOWN) {
                    Throwable cause = error.getCause() != null ? error.getCause() : error;
                    System.err.println("reconnecting participant " + index + " failed, trying again: "
                            + cause.getMessage());
                }
                reconnect(index, downSince, attempt + 1);
            } else if (closing) {
                socket.close();
            } else if (register(socket)) {
                reconnecting.decrementAndGet();
                scenario.onReconnected(socket, System.nanoTime() - downSince);
            } else {
                reconnect(index, downSince, attempt + 1);
            }
        });
    }

    /**
     * Makes a socket whose hello arrived the participant's socket. False if it closed before that and
     * so was not seen as dropped: its opener carries on.
     */
    private boolean register(DeviceSocket socket) {
        open.put(socket.index(), socket);
        return socket.isOpen() || !open.remove(socket.index(), socket);
    }

    @Override
    public void close() {
        closing = true;
        retries.shutdownNow();
        heartbeat.shutdownNow();
        open.values().forEach(DeviceSocket::close);
        open.clear();
    }
}
