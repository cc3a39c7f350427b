package dev.parley.loadtest.scenario;

import dev.parley.loadtest.accounting.Stamp;
import dev.parley.loadtest.cli.Options;
import dev.parley.loadtest.run.Control;
import dev.parley.loadtest.run.Devices;
import dev.parley.loadtest.run.Metric;
import dev.parley.loadtest.run.OpenLoop;
import dev.parley.loadtest.run.Plan;
import dev.parley.loadtest.run.RunClock;
import dev.parley.loadtest.run.ScenarioWorker;
import dev.parley.loadtest.socket.SocketPool;
import dev.parley.protocol.codec.JsonCodec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code group}: one group, every member connected, messages from random members. Besides each
 * delivery, it follows every message to the last member that gets it.
 */
final class GroupWorker implements ScenarioWorker {
    private static final int PHASE = 0;

    private final Options options;

    GroupWorker(Options options) {
        this.options = options;
    }

    @Override
    public void run(Plan plan, Control control) {
        Plan.Chat group = plan.chats().getFirst();
        List<Integer> members = group.members();
        Map<Integer, int[]> others = new HashMap<>();
        for (int member : members) {
            others.put(member, members.stream().filter(m -> m != member).mapToInt(Integer::intValue).toArray());
        }
        Map<Long, long[]> unfinished = new ConcurrentHashMap<>();
        Traffic traffic = new Traffic(phase -> Books.of(others::get, Metric.ACK, Metric.DELIVER, Metric.LAST_MEMBER),
                options.size()) {
            @Override
            void onLiveDelivery(Stamp stamp, long latencyNanos) {
                // [receivers still to come, slowest latency so far]; the last arrival records the slowest.
                unfinished.computeIfPresent(key(stamp), (k, state) -> {
                    state[1] = Math.max(state[1], latencyNanos);
                    if (--state[0] > 0) {
                        return state;
                    }
                    books(stamp.phase()).latency(Metric.LAST_MEMBER).recordNanos(state[1]);
                    return null;
                });
            }
        };
        Random random = new Random(options.seed());
        System.err.println("group: random senders with seed " + options.seed());
        Map<Integer, Long> counters = new HashMap<>();
        try (SocketPool pool = new SocketPool(options.webSocketUris(), new JsonCodec(), options.sourceAddresses(),
                options.connectConcurrency());
             Devices devices = new Devices(pool, traffic, options.heartbeat())) {
            devices.openAll(plan.participants());
            control.ready();
            double rate = options.rate() * plan.share();
            Warmup.run(traffic, rate, options.warmup(), (i, intended) -> {
                int sender = members.get(random.nextInt(members.size()));
                traffic.send(devices.socket(sender), group.id(), new Stamp(Warmup.PHASE, sender,
                        counters.merge(sender, 1L, Long::sum) - 1, RunClock.toStamp(intended)));
            });
            Books books = traffic.books(PHASE);
            double seconds = Phases.run(control, devices, books, () -> OpenLoop.run(rate, options.duration(), (i, intended) -> {
                int sender = members.get(random.nextInt(members.size()));
                Stamp stamp = new Stamp(PHASE, sender, counters.merge(sender, 1L, Long::sum) - 1, RunClock.toStamp(intended));
                unfinished.put(key(stamp), new long[]{members.size() - 1, 0});
                traffic.send(devices.socket(sender), group.id(), stamp);
            }), options.drain(), books.ledger()::drained);
            control.phaseDone(Phases.result(PHASE, rate, seconds, devices, books));
        }
    }

    private static long key(Stamp stamp) {
        return ((long) stamp.sender() << 40) | stamp.counter();
    }
}
