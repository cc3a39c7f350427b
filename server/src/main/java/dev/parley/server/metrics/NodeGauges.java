package dev.parley.server.metrics;

import dev.parley.server.storage.Database;
import dev.parley.server.storage.Dialect;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The gauges of one server: its connected devices, its database pool and, on embedded H2, its database
 * file's size, read when scraped. Helidon's
 * registry is the process's and a JVM may run several servers (tests, a desktop app hosting one), so
 * each gauge is tagged with the server's node id and removed when the server closes.
 */
public final class NodeGauges implements AutoCloseable {
    private final List<Gauge<?>> gauges = new ArrayList<>();

    public NodeGauges(String node, IntSupplier connectedDevices, Database database) {
        add(node, "parley.devices.connected", "Open, authenticated device sockets on this node",
                connectedDevices::getAsInt);
        pool(node, database, "active", "Pooled database connections in use", Database.PoolUse::active);
        pool(node, database, "idle", "Pooled database connections open and free", Database.PoolUse::idle);
        pool(node, database, "total", "Pooled database connections open (active + idle)", Database.PoolUse::total);
        pool(node, database, "max", "The pool's size limit (PARLEY_DB_POOL_SIZE)", Database.PoolUse::max);
        pool(node, database, "waiting", "Threads waiting for a pooled database connection", Database.PoolUse::waiting);
        if (database.dialect() == Dialect.H2) {
            add(node, "parley.database.file.bytes", "Size of the embedded H2 database file, in bytes",
                    () -> database.embeddedFileBytes().orElse(0));
        }
    }

    private void pool(String node, Database database, String what, String description,
                      ToIntFunction<Database.PoolUse> read) {
        add(node, "parley.database.pool." + what, description, () -> read.applyAsInt(database.poolUse()));
    }

    private <N extends Number> void add(String node, String name, String description, Supplier<N> value) {
        gauges.add(Metrics.getOrCreate(Gauge.builder(name, value)
                .description(description)
                .tags(Metrics.tags("node", node))));
    }

    @Override
    public void close() {
        gauges.forEach(Metrics.globalRegistry()::remove);
        gauges.clear();
    }
}
