package dev.parley.loadtest.socket;

import dev.parley.protocol.codec.JsonCodec;
import dev.parley.protocol.ws.ClientFrame;
import dev.parley.protocol.ws.ServerFrame;

import java.net.http.WebSocket;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One device's WebSocket. The JDK WebSocket allows one outstanding send at a time, so sends queue
 * here and go out one after the other; frames arrive decoded at the {@link FrameListener}.
 */
public final class DeviceSocket implements WebSocket.Listener, FrameSink {
    private static final AtomicLong REQUESTS = new AtomicLong();

    private final int index;
    private final JsonCodec codec;
    private final FrameListener listener;
    private final CompletableFuture<ServerFrame.Hello> hello = new CompletableFuture<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final ArrayDeque<String> outbox = new ArrayDeque<>();
    private final StringBuilder partial = new StringBuilder();
    private boolean sending;
    private volatile boolean closing;
    private volatile WebSocket socket;

    DeviceSocket(int index, JsonCodec codec, FrameListener listener) {
        this.index = index;
        this.codec = codec;
        this.listener = listener;
    }

    void attach(WebSocket socket) {
        this.socket = socket;
    }

    /** The participant this socket belongs to. */
    public int index() {
        return index;
    }

    CompletableFuture<ServerFrame.Hello> hello() {
        return hello;
    }

    public CompletableFuture<Integer> closed() {
        return closed;
    }

    public boolean isOpen() {
        return !closed.isDone();
    }

    public static String requestId(String prefix) {
        return prefix + REQUESTS.incrementAndGet();
    }

    @Override
    public void send(ClientFrame frame) {
        sendText(codec.encode(frame));
    }

    public void ping() {
        send(new ClientFrame.Ping(requestId("p")));
    }

    public void sendText(String text) {
        synchronized (outbox) {
            if (closed.isDone()) {
                return;
            }
            outbox.add(text);
            if (sending) {
                return;
            }
            sending = true;
        }
        pump();
    }

    /** Sends queued text until a send is still in flight (its completion carries on) or the queue is empty. */
    private void pump() {
        while (true) {
            String next;
            synchronized (outbox) {
                next = outbox.poll();
                if (next == null) {
                    sending = false;
                    return;
                }
            }
            CompletableFuture<WebSocket> sent = socket.sendText(next, true);
            if (!sent.isDone()) {
                sent.whenComplete((ws, error) -> {
                    if (error != null) {
                        failed(error);
                    } else {
                        pump();
                    }
                });
                return;
            }
            if (sent.isCompletedExceptionally()) {
                sent.exceptionally(error -> {
                    failed(error);
                    return null;
                });
                return;
            }
        }
    }

    private void failed(Throwable error) {
        synchronized (outbox) {
            outbox.clear();
            sending = false;
        }
        socket.abort();
        finish(1006);
    }

    /** Closes the socket normally, as a device going offline would. */
    public void close() {
        closing = true;
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").whenComplete((ws, e) -> socket.abort());
        } else if (socket != null) {
            socket.abort();
        }
        finish(WebSocket.NORMAL_CLOSURE);
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        // Set here, not when buildAsync completes: the hello (and a listener's answer to it) may come first.
        this.socket = webSocket;
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long at = System.nanoTime();
        String text = null;
        if (last && partial.isEmpty()) {
            text = data.toString();
        } else {
            partial.append(data);
            if (last) {
                text = partial.toString();
                partial.setLength(0);
            }
        }
        webSocket.request(1);
        if (text != null) {
            ServerFrame frame = codec.decodeServerFrame(text);
            if (frame instanceof ServerFrame.Hello h) {
                hello.complete(h);
            }
            listener.onFrame(this, frame, at);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        finish(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        finish(1006);
    }

    private void finish(int code) {
        if (closed.complete(code)) {
            hello.completeExceptionally(new IllegalStateException("closed with " + code + " before hello"));
            listener.onClosed(this, code, closing);
        }
    }
}
