package dev.parley.desktop.core.net;

import dev.parley.protocol.codec.JsonCodec;
import dev.parley.protocol.ws.ClientFrame;
import dev.parley.protocol.ws.ServerFrame;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The device's WebSocket to its server, kept open: reconnects with exponential backoff (0.5 s doubling
 * to 30 s, with jitter) whenever it drops, pings every 30 s, and matches answers to requests by
 * requestId. Frames that answer no request go to the {@link Listener}.
 */
public final class LiveConnection implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LiveConnection.class.getName());
    private static final Duration PING_EVERY = Duration.ofSeconds(30);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

    /** Told about the connection's life and every frame no request waits for. Called on the socket's thread. */
    public interface Listener {
        void opened(ServerFrame.Hello hello);

        void frame(ServerFrame frame);

        /** The socket is gone; {@code refusedUpgrade} when the server never accepted it (a bad token, say). */
        void closed(boolean refusedUpgrade);
    }

    private final URI uri;
    private final String token;
    private final JsonCodec codec;
    private final Listener listener;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("parley-connection").factory());
    private final Map<String, CompletableFuture<ServerFrame>> pending = new ConcurrentHashMap<>();
    private final AtomicLong requestIds = new AtomicLong();
    private volatile Socket socket;
    private volatile boolean running = true;
    private volatile ScheduledFuture<?> pinger;
    private Duration nextRetry = FIRST_RETRY;

    public LiveConnection(URI uri, String token, JsonCodec codec, Listener listener) {
        this.uri = uri;
        this.token = token;
        this.codec = codec;
        this.listener = listener;
    }

    public void start() {
        timers.execute(this::connect);
    }

    public boolean isOpen() {
        Socket s = socket;
        return s != null && s.ready;
    }

    public String newRequestId() {
        return "c" + requestIds.incrementAndGet();
    }

    /** Sends a frame; false when not connected. */
    public boolean send(ClientFrame frame) {
        Socket s = socket;
        if (s == null || !s.ready) {
            return false;
        }
        try {
            s.send(codec.encode(frame));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Sends a request and completes with its answer; fails when the connection drops first or after {@code timeout}. */
    public CompletableFuture<ServerFrame> request(ClientFrame frame, Duration timeout) {
        CompletableFuture<ServerFrame> answer = new CompletableFuture<>();
        pending.put(frame.requestId(), answer);
        answer.whenComplete((r, e) -> pending.remove(frame.requestId()));
        if (!send(frame)) {
            answer.completeExceptionally(new IllegalStateException("Not connected"));
            return answer;
        }
        return answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        running = false;
        Socket s = socket;
        if (s != null) {
            s.close();
        }
        timers.shutdownNow();
        failPending();
    }

    private void connect() {
        if (!running) {
            return;
        }
        Socket s = new Socket(uri);
        socket = s;
        s.addHeader("Authorization", "Bearer " + token);
        s.setConnectionLostTimeout(0);
        s.connect();
    }

    private void scheduleReconnect() {
        if (!running) {
            return;
        }
        long jitter = ThreadLocalRandom.current().nextLong(nextRetry.toMillis() / 4 + 1);
        try {
            timers.schedule(this::connect, nextRetry.toMillis() + jitter, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            return;
        }
        nextRetry = nextRetry.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : nextRetry.multipliedBy(2);
    }

    private void failPending() {
        pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("Connection closed")));
        pending.clear();
    }

    private final class Socket extends WebSocketClient {
        private volatile boolean ready;
        private volatile boolean upgraded;

        Socket(URI target) {
            super(target);
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
            upgraded = true;
        }

        @Override
        public void onMessage(String text) {
            if (!running) {
                return;
            }
            ServerFrame frame;
            try {
                frame = codec.decodeServerFrame(text);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Ignoring a frame this app does not understand", e);
                return;
            }
            if (frame instanceof ServerFrame.Hello hello) {
                ready = true;
                nextRetry = FIRST_RETRY;
                try {
                    pinger = timers.scheduleAtFixedRate(() -> LiveConnection.this.send(new ClientFrame.Ping(newRequestId())),
                            PING_EVERY.toSeconds(), PING_EVERY.toSeconds(), TimeUnit.SECONDS);
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    return;
                }
                listener.opened(hello);
                return;
            }
            String requestId = ServerFrame.requestIdOf(frame);
            CompletableFuture<ServerFrame> waiting = requestId == null ? null : pending.get(requestId);
            if (waiting != null) {
                waiting.complete(frame);
            } else if (!(frame instanceof ServerFrame.Pong)) {
                listener.frame(frame);
            }
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            boolean wasReady = ready;
            ready = false;
            ScheduledFuture<?> p = pinger;
            if (p != null) {
                p.cancel(false);
            }
            if (socket == this) {
                failPending();
                if (running) {
                    listener.closed(!upgraded);
                    scheduleReconnect();
                }
            }
            LOG.fine(() -> "Socket closed (" + code + " " + reason + ", was ready: " + wasReady + ")");
        }

        @Override
        public void onError(Exception e) {
            LOG.log(Level.FINE, "Socket error", e);
        }
    }
}
