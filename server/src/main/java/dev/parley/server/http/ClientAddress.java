package dev.parley.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Where a request comes from, for per-address limits. Behind a load balancer every request arrives from
 * the proxy, so for peers listed as trusted proxies the address is read from {@code X-Forwarded-For}: the
 * rightmost entry that is not itself a trusted proxy (entries further left are whatever the client
 * claimed). From any other peer the header is ignored, so nobody can choose their own address.
 */
public final class ClientAddress {
    private final Set<String> trustedProxies;

    public ClientAddress(Set<String> trustedProxies) {
        this.trustedProxies = Set.copyOf(trustedProxies);
    }

    public String of(ServerRequest request) {
        String peer = peerAddress(request.remotePeer().address());
        if (!trustedProxies.contains(peer)) {
            return peer;
        }
        List<String> forwarded = request.headers().values(HeaderNames.X_FORWARDED_FOR).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::strip)
                .filter(entry -> !entry.isEmpty())
                .toList();
        for (int i = forwarded.size() - 1; i >= 0; i--) {
            if (!trustedProxies.contains(forwarded.get(i))) {
                return forwarded.get(i);
            }
        }
        return peer;
    }

    private static String peerAddress(SocketAddress peer) {
        return peer instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(peer);
    }
}
