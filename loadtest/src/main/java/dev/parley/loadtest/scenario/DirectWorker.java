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
import dev.parley.protocol.ids.ConversationId;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * {@code direct} and {@code ramp}: pairs in direct chats, both sides sending to each other in turn,
 * at a fixed total rate (one phase) or at each rate of the ramp (one phase per step). With
 * {@code --reconnect} every participant is a careful client ({@link CarefulTraffic}) that survives
 * server restarts: it reconnects, sends again what was not acknowledged and syncs what it missed.
 */
final class DirectWorker implements ScenarioWorker {
    private final Options options;
    private final List<Double> rates;
    private final Duration phaseLength;

    DirectWorker(Options options, List<Double> rates, Duration phaseLength) {
        this.options = options;
        this.rates = rates;
        this.phaseLength = phaseLength;
    }

    @Override
    public void run(Plan plan, Control control) {
        Map<Integer, Integer> partner = new HashMap<>();
        Map<Integer, ConversationId> chatOf = new HashMap<>();
        for (Plan.Chat chat : plan.chats()) {
            int a = chat.members().get(0);
            int b = chat.members().get(1);
            partner.put(a, b);
            partner.put(b, a);
            chatOf.put(a, chat.id());
            chatOf.put(b, chat.id());
        }
        // Senders alternate between pairs, so each socket sends at rate / senders: far below the server's per-socket limit.
        int[] senders = plan.chats().stream().flatMap(c -> c.members().stream()).mapToInt(Integer::intValue).toArray();
        long[] counters = new long[senders.length];
        IntFunction<int[]> receiversOf = s -> new int[]{partner.get(s)};
        Traffic traffic = new Traffic(phase -> options.reconnect() ? Books.careful(receiversOf)
                : Books.of(receiversOf, Metric.ACK, Metric.DELIVER), options.size());
        CarefulTraffic careful = options.reconnect()
                ? new CarefulTraffic(traffic, plan, options.size(), options.syncLimit()) : null;
        try (careful;
             SocketPool pool = new SocketPool(options.webSocketUris(), new JsonCodec(), options.sourceAddresses(),
                     options.connectConcurrency());
             Devices devices = new Devices(pool, careful != null ? careful : traffic, options.heartbeat(),
                     options.reconnect())) {
            Outgoing outgoing = careful != null ? careful::send
                    : (sender, chat, stamp) -> traffic.send(devices.socket(sender), chat, stamp);
            devices.openAll(plan.participants());
            control.ready();
            Warmup.run(traffic, rates.getFirst() * plan.share(), options.warmup(), (i, intended) -> {
                int s = (int) (i % senders.length);
                int sender = senders[s];
                outgoing.send(sender, chatOf.get(sender),
                        new Stamp(Warmup.PHASE, sender, counters[s]++, RunClock.toStamp(intended)));
            });
            for (int phase = 0; phase < rates.size(); phase++) {
                int p = phase;
                double rate = rates.get(phase) * plan.share();
                Books books = traffic.books(phase);
                if (careful != null) {
                    careful.startPhase(phase);
                }
                double seconds = Phases.run(control, devices, books, () -> OpenLoop.run(rate, phaseLength, (i, intended) -> {
                    int s = (int) (i % senders.length);
                    int sender = senders[s];
                    outgoing.send(sender, chatOf.get(sender),
                            new Stamp(p, sender, counters[s]++, RunClock.toStamp(intended)));
                }), options.drain(), books.ledger()::drained);
                if (careful != null) {
                    finalSync(careful);
                }
                if (!control.phaseDone(Phases.result(phase, rate, seconds, devices, books))) {
                    return;
                }
            }
        }
    }

    /**
     * Careful clients close a phase's books only after every device has synced once more: a delivery
     * whose live push was lost (its socket dropped, a node died before pushing) is found by sync, as
     * a real client would find it, and counts as delivered by sync rather than as lost.
     */
    private void finalSync(CarefulTraffic careful) {
        int unfinished = careful.syncAll(options.drain());
        if (unfinished > 0) {
            System.err.println("final sync: " + unfinished + " devices did not finish within "
                    + options.drain().toSeconds() + " s");
        }
    }

    /** How a message leaves its sender: straight onto its socket, or through its careful client's outbox. */
    @FunctionalInterface
    private interface Outgoing {
        void send(int sender, ConversationId chat, Stamp stamp);
    }
}
