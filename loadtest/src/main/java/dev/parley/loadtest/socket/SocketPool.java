package dev.parley.loadtest.socket;

import dev.parley.loadtest.LoadTestException;
import dev.parley.protocol.codec.JsonCodec;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Opens device sockets with the JDK WebSocket client: one HttpClient per source address (its
 * selector thread serves every socket of that address), and a small shared pool for callbacks.
 * With source addresses, connection {@code i} leaves from {@code 127.0.0.(2 + i mod N)}, which
 * spreads the local ports (and TIME_WAIT) over several addresses. With several endpoints (server
 * nodes), participant {@code i} connects to endpoint {@code i mod N}.
 */
public final class SocketPool implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final List<URI> endpoints;
    private final JsonCodec codec;
    private final List<HttpClient> clients = new ArrayList<>();
    private final ExecutorService callbacks;
    private final Semaphore connecting;

    public SocketPool(List<URI> endpoints, JsonCodec codec, int sourceAddresses, int connectConcurrency) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("no endpoint");
        }
        this.endpoints = List.copyOf(endpoints);
        this.codec = codec;
        this.connecting = new Semaphore(connectConcurrency);
        // Decoding and accounting run here; two threads keep up with tens of thousands of frames a second.
        this.callbacks = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                Thread.ofPlatform().daemon().name("ws-callback-", 0).factory());
        if (sourceAddresses == 0) {
            clients.add(client(null));
        } else {
            for (int i = 0; i < sourceAddresses; i++) {
                try {
                    clients.add(client(InetAddress.getByAddress(new byte[]{127, 0, 0, (byte) (2 + i)})));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private HttpClient client(InetAddress local) {
        HttpClient.Builder builder = HttpClient.newBuilder().executor(callbacks).connectTimeout(CONNECT_TIMEOUT);
        if (local != null) {
            builder.localAddress(local);
        }
        return builder.build();
    }

    /** Opens a socket for participant {@code index}; completes once the server's hello has arrived. */
    public CompletableFuture<DeviceSocket> open(int index, String token, FrameListener listener) {
        DeviceSocket socket = new DeviceSocket(index, codec, listener);
        HttpClient http = clients.get(Math.floorMod(index, clients.size()));
        URI ws = endpoints.get(Math.floorMod(index, endpoints.size()));
        try {
            connecting.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        }
        return http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT).header("Authorization", "Bearer " + token)
                .buildAsync(ws, socket)
                .thenCompose(webSocket -> {
                    socket.attach(webSocket);
                    return socket.hello();
                })
                .orTimeout(CONNECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .handle((hello, error) -> {
                    connecting.release();
                    if (error != null) {
                        throw new CompletionException(explain(ws, error));
                    }
                    return socket;
                });
    }

    /** Opens every participant's socket, at most {@code connectConcurrency} at a time; fails on the first refusal. */
    public List<DeviceSocket> openAll(List<Integer> indexes, List<String> tokens, FrameListener listener,
                                      Consumer<DeviceSocket> opened) {
        List<CompletableFuture<DeviceSocket>> opening = new ArrayList<>();
        for (int i = 0; i < indexes.size(); i++) {
            opening.add(open(indexes.get(i), tokens.get(i), listener).thenApply(socket -> {
                opened.accept(socket);
                return socket;
            }));
        }
        List<DeviceSocket> sockets = new ArrayList<>();
        for (CompletableFuture<DeviceSocket> future : opening) {
            try {
                sockets.add(future.join());
            } catch (CompletionException e) {
                opening.forEach(f -> f.thenAccept(DeviceSocket::close));
                throw e.getCause() instanceof LoadTestException lte ? lte : new LoadTestException(e.getCause().toString(), e);
            }
        }
        return sockets;
    }

    private static LoadTestException explain(URI ws, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof WebSocketHandshakeException handshake && handshake.getResponse() != null) {
                int status = handshake.getResponse().statusCode();
                return new LoadTestException("The server refused the WebSocket upgrade at " + ws + " with HTTP " + status
                        + (status == 401 ? " (token not accepted: delete the users file and run again)" : ""));
            }
            if (t instanceof TimeoutException) {
                return new LoadTestException("Opening a WebSocket to " + ws + " took longer than " + CONNECT_TIMEOUT.toSeconds()
                        + " s (server overloaded, or out of file descriptors?)");
            }
            if (t instanceof java.net.ConnectException || t instanceof java.net.BindException) {
                return new LoadTestException("Cannot open a WebSocket to " + ws + ": " + t
                        + " (unreachable, or out of local ports: try --source-addresses 4)");
            }
        }
        return new LoadTestException("Opening a WebSocket to " + ws + " failed: " + cause, cause);
    }

    @Override
    public void close() {
        clients.forEach(HttpClient::shutdownNow);
        callbacks.shutdownNow();
    }
}
