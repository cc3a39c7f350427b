package dev.parley.desktop.host;

import dev.parley.protocol.ParleyVersion;
import dev.parley.server.ParleyServer;
import dev.parley.server.config.ServerSettings;
import io.helidon.config.Config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * "Host a server on this computer": the real Parley server inside the app, with its H2 database in
 * the user's data folder. Others on the network join at one of {@link #shareableAddresses()}.
 */
public final class LocalServerHost implements AutoCloseable {
    private final ParleyServer server;

    private LocalServerHost(ParleyServer server) {
        this.server = server;
    }

    /** Starts on {@code port} (0: any free port), listening on every interface so others can join. */
    public static LocalServerHost start(Path dataDir, int port) {
        return start(dataDir, port, Map.of());
    }

    /** The same with further server settings ({@code PARLEY_*} names, as in the server's README). */
    public static LocalServerHost start(Path dataDir, int port, Map<String, String> settings) {
        Config config = Config.create();
        Map<String, String> env = new HashMap<>(settings);
        env.put("PARLEY_DATA_DIR", dataDir.toString());
        env.put("PARLEY_PORT", Integer.toString(port));
        env.put("PARLEY_HOST", "0.0.0.0");
        return new LocalServerHost(ParleyServer.start(ServerSettings.load(config, env), config.get("server")));
    }

    /** The Parley version of this server: the app's own, since the server comes in the app's class path. */
    public String version() {
        return ParleyVersion.current();
    }

    public int port() {
        return server.port();
    }

    /** The address this app itself uses. */
    public URI localAddress() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** Addresses others on the local network can type in, best first (site-local IPv4). */
    public List<URI> shareableAddresses() {
        List<URI> addresses = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || nic.isVirtual()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLinkLocalAddress()) {
                        addresses.add(URI.create("http://" + address.getHostAddress() + ":" + port()));
                    }
                }
            }
        } catch (SocketException e) {
            // No interfaces to list: only this computer can connect.
        }
        addresses.sort((a, b) -> Boolean.compare(!isSiteLocal(a), !isSiteLocal(b)));
        if (addresses.isEmpty()) {
            addresses.add(localAddress());
        }
        return addresses;
    }

    @Override
    public void close() {
        server.close();
    }

    private static boolean isSiteLocal(URI uri) {
        try {
            return InetAddress.getByName(uri.getHost()).isSiteLocalAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
