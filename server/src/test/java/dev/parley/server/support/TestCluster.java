package dev.parley.server.support;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Several real server nodes sharing one fresh PostgreSQL database, one Redis key prefix and one master
 * key, as a deployment behind a load balancer runs them. Either link can go through a {@link TcpProxy}
 * so a test can cut it.
 */
public final class TestCluster implements AutoCloseable {
    private final TestDatabase database;
    private final TestRedisPrefix redisPrefix;
    private final List<TestServer> nodes = new ArrayList<>();

    private TestCluster(TestDatabase database, TestRedisPrefix redisPrefix) {
        this.database = database;
        this.redisPrefix = redisPrefix;
    }

    public static TestCluster start(int nodeCount) {
        return start(nodeCount, null, null);
    }

    /** Nodes reach PostgreSQL through {@code databaseProxy} and Redis through {@code redisProxy} when given. */
    public static TestCluster start(int nodeCount, TcpProxy databaseProxy, TcpProxy redisProxy) {
        TestEnvironment.requirePostgresAndRedis();
        TestCluster cluster = new TestCluster(TestDatabase.create(), new TestRedisPrefix());
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, String> env = new HashMap<>();
        env.put("PARLEY_DB_URL", databaseProxy == null ? cluster.database.url()
                : "jdbc:postgresql://127.0.0.1:" + databaseProxy.port() + "/" + cluster.database.name());
        env.put("PARLEY_DB_USER", TestEnvironment.PG_USER);
        env.put("PARLEY_DB_PASSWORD", TestEnvironment.PG_PASSWORD);
        env.put("PARLEY_REDIS_URL", redisProxy == null ? TestEnvironment.REDIS_URL
                : "redis://127.0.0.1:" + redisProxy.port());
        env.put("PARLEY_REDIS_PREFIX", cluster.redisPrefix.prefix());
        env.put("PARLEY_MASTER_KEY", Base64.getEncoder().encodeToString(key));
        env.put("PARLEY_DB_CONNECT_TIMEOUT", "PT2S");
        try {
            for (int i = 0; i < nodeCount; i++) {
                cluster.nodes.add(TestServer.node(env));
            }
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    public TestServer node(int index) {
        return nodes.get(index);
    }

    /** A client speaking to one node (REST and WebSocket). */
    public ParleyClient client(int node) {
        return nodes.get(node).client();
    }

    @Override
    public void close() {
        for (TestServer node : nodes) {
            try {
                node.close();
            } catch (RuntimeException e) {
                System.err.println("Could not stop a cluster node: " + e.getMessage());
            }
        }
        redisPrefix.close();
        database.close();
    }
}
