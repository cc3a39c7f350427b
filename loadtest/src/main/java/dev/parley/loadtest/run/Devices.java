package dev.parley.loadtest.run;

import dev.parley.loadtest.socket.DeviceSocket;
import dev.parley.loadtest.socket.FrameListener;
import dev.parley.loadtest.socket.SocketPool;
import dev.parley.protocol.ws.ServerFrame;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The open sockets of a worker's participants: counts the ones the server dropped, and pings each
 * socket once per heartbeat period (spread over the period) so idle sockets stay open.
 */
public final class Devices implements FrameListener, AutoCloseable {
    private final SocketPool pool;
    private final FrameListener scenario;
    private final Map<Integer, DeviceSocket> open = new ConcurrentHashMap<>();
    private final AtomicLong drops = new AtomicLong();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("heartbeat").factory());
    private long tick;

    public Devices(SocketPool pool, FrameListener scenario, Duration heartbeatPeriod) {
        this.pool = pool;
        this.scenario = scenario;
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
        List<DeviceSocket> sockets = pool.openAll(participants.stream().map(Plan.Participant::index).toList(),
                participants.stream().map(Plan.Participant::token).toList(), this);
        sockets.forEach(s -> open.put(s.index(), s));
    }

    /** Opens one more socket (a device coming back); its frames go to {@code listener}. */
    public java.util.concurrent.CompletableFuture<DeviceSocket> reopen(Plan.Participant participant, FrameListener listener) {
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

    @Override
    public void onFrame(DeviceSocket socket, ServerFrame frame, long receivedNanos) {
        scenario.onFrame(socket, frame, receivedNanos);
    }

    @Override
    public void onClosed(DeviceSocket socket, int code, boolean byUs) {
        if (!byUs) {
            open.remove(socket.index(), socket);
            if (drops.incrementAndGet() <= 10) {
                System.err.println("socket of participant " + socket.index() + " closed by the server or network: " + code);
            }
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        open.values().forEach(DeviceSocket::close);
        open.clear();
    }
}
