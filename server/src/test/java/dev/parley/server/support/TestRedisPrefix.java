package dev.parley.server.support;

import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

import java.net.URI;
import java.util.UUID;

/** A Redis key prefix made for one test run; its keys are deleted after it. */
public final class TestRedisPrefix implements AutoCloseable {
    private final String prefix = "parley-test-" + UUID.randomUUID().toString().substring(0, 8) + ":";

    public String prefix() {
        return prefix;
    }

    @Override
    public void close() {
        try (RedisClient redis = RedisClient.create(URI.create(TestEnvironment.REDIS_URL))) {
            String cursor = ScanParams.SCAN_POINTER_START;
            do {
                ScanResult<String> page = redis.scan(cursor, new ScanParams().match(prefix + "*").count(500));
                if (!page.getResult().isEmpty()) {
                    redis.del(page.getResult().toArray(String[]::new));
                }
                cursor = page.getCursor();
            } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
        } catch (RuntimeException e) {
            System.err.println("Could not clean Redis prefix " + prefix + ": " + e.getMessage());
        }
    }
}
