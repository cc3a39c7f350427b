package dev.parley.server.support;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.model.SyncCursor;
import dev.parley.protocol.ws.ClientFrame;
import dev.parley.protocol.ws.ServerFrame;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One device's WebSocket, as a client would hold it: sends frames, keeps every frame received, and
 * waits for the one a test expects.
 */
public final class DeviceSocketClient implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final AtomicLong REQUESTS = new AtomicLong();

    private final List<ServerFrame> received = new ArrayList<>();
    private final CompletableFuture<Integer> closeStatus = new CompletableFuture<>();
    private WebSocket socket;

    private DeviceSocketClient() {
    }

    public static DeviceSocketClient connect(URI uri, String token, Map<String, String> headers) {
        DeviceSocketClient client = new DeviceSocketClient();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        headers.forEach(builder::header);
        try {
            client.socket = builder.buildAsync(uri, client.new Listener()).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new UpgradeRefused(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException("WebSocket connect failed", e);
        }
        client.await(ServerFrame.Hello.class, h -> true);
        return client;
    }

    /** The upgrade was refused (no token, bad token, bad Origin). */
    public static final class UpgradeRefused extends RuntimeException {
        UpgradeRefused(Throwable cause) {
            super(cause);
        }

        /** The HTTP status of the refusal, when the JDK client reports one. */
        public OptionalInt status() {
            for (Throwable t = getCause(); t != null; t = t.getCause()) {
                if (t instanceof WebSocketHandshakeException handshake && handshake.getResponse() != null) {
                    return OptionalInt.of(handshake.getResponse().statusCode());
                }
            }
            return OptionalInt.empty();
        }
    }

    public static String newRequestId() {
        return "r" + REQUESTS.incrementAndGet();
    }

    public ServerFrame.Hello hello() {
        return await(ServerFrame.Hello.class, h -> true);
    }

    public void send(ClientFrame frame) {
        sendRaw(ParleyClient.codec().encode(frame));
    }

    public void sendRaw(String text) {
        socket.sendText(text, true).join();
    }

    /** Sends one text message as several frames, the last one final. */
    public void sendFragments(List<String> parts) {
        for (int i = 0; i < parts.size(); i++) {
            socket.sendText(parts.get(i), i == parts.size() - 1).join();
        }
    }

    /** Sends a binary frame, which the protocol does not use. */
    public void sendBinary(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).join();
    }

    /** Sends a message and waits for its answer: an ack, or an error naming the request. */
    public ServerFrame sendMessage(ConversationId conversation, UUID clientMessageId, String text) {
        String requestId = newRequestId();
        send(new ClientFrame.Send(requestId, conversation, clientMessageId, text));
        return answerTo(requestId);
    }

    public ServerFrame.Ack sendText(ConversationId conversation, String text) {
        ServerFrame answer = sendMessage(conversation, UUID.randomUUID(), text);
        if (answer instanceof ServerFrame.Ack ack) {
            return ack;
        }
        throw new AssertionError("Expected an ack, got " + answer);
    }

    /** Waits for the ack, syncBatch, ok, pong or error that answers {@code requestId}. */
    public ServerFrame answerTo(String requestId) {
        return await(ServerFrame.class, f -> requestId.equals(ServerFrame.requestIdOf(f)));
    }

    public ServerFrame.Error awaitError(String requestId) {
        ServerFrame answer = answerTo(requestId);
        if (answer instanceof ServerFrame.Error error) {
            return error;
        }
        throw new AssertionError("Expected an error for " + requestId + ", got " + answer);
    }

    /** Delta sync from {@code cursors} until the server says there is no more; every entry, in order received. */
    public SyncResult syncAll(List<SyncCursor> cursors, int pageSize) {
        List<MessageView> messages = new ArrayList<>();
        List<SyncCursor> next = cursors;
        int pages = 0;
        ServerFrame.SyncBatch batch;
        do {
            String requestId = newRequestId();
            send(new ClientFrame.Sync(requestId, next, pageSize));
            ServerFrame answer = answerTo(requestId);
            if (!(answer instanceof ServerFrame.SyncBatch b)) {
                throw new AssertionError("Expected a syncBatch, got " + answer);
            }
            batch = b;
            messages.addAll(batch.messages());
            next = batch.cursors();
            pages++;
        } while (batch.hasMore());
        return new SyncResult(messages, next, batch, pages);
    }

    public record SyncResult(List<MessageView> messages, List<SyncCursor> cursors, ServerFrame.SyncBatch last,
                             int pages) {
    }

    public <T extends ServerFrame> T await(Class<T> type, Predicate<T> match) {
        return awaitWithin(type, match, TIMEOUT).orElseThrow(() -> new AssertionError(
                "No " + type.getSimpleName() + " as expected within " + TIMEOUT + "; received: " + describe()));
    }

    public synchronized <T extends ServerFrame> Optional<T> awaitWithin(Class<T> type, Predicate<T> match,
                                                                      Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (ServerFrame frame : received) {
                if (type.isInstance(frame) && match.test(type.cast(frame))) {
                    return Optional.of(type.cast(frame));
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || closeStatus.isDone()) {
                return Optional.empty(); // nothing more can arrive on a closed socket
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    /** Waits until {@code count} frames of {@code type} have arrived and returns them. */
    public synchronized <T extends ServerFrame> List<T> awaitAll(Class<T> type, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<T> frames = received(type);
            long left = deadline - System.nanoTime();
            if (frames.size() >= count || left <= 0 || closeStatus.isDone()) {
                assertThat(frames).as("%s frames received", type.getSimpleName()).hasSizeGreaterThanOrEqualTo(count);
                return frames;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    public synchronized <T extends ServerFrame> List<T> received(Class<T> type) {
        return received.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public synchronized void forget() {
        received.clear();
    }

    /** The close code the server sent, waiting for it. */
    public int awaitClose() {
        try {
            return closeStatus.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("The server did not close the socket", e);
        }
    }

    public boolean isClosed() {
        return closeStatus.isDone();
    }

    @Override
    public void close() {
        if (!closeStatus.isDone() && !socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the server may already be gone
            }
        }
        socket.abort();
    }

    private synchronized String describe() {
        return received.stream().map(f -> f.getClass().getSimpleName()).toList().toString();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                ServerFrame frame = ParleyClient.codec().decodeServerFrame(partial.toString());
                partial.setLength(0);
                synchronized (DeviceSocketClient.this) {
                    received.add(frame);
                    DeviceSocketClient.this.notifyAll();
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeStatus.complete(statusCode);
            synchronized (DeviceSocketClient.this) {
                DeviceSocketClient.this.notifyAll();
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeStatus.complete(1006);
            synchronized (DeviceSocketClient.this) {
                DeviceSocketClient.this.notifyAll();
            }
        }
    }
}
