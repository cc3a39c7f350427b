package dev.parley.loadtest.scenario;

import dev.parley.loadtest.LoadTestException;
import dev.parley.loadtest.accounting.Stamp;
import dev.parley.loadtest.cli.Options;
import dev.parley.loadtest.run.Control;
import dev.parley.loadtest.run.Devices;
import dev.parley.loadtest.run.Metric;
import dev.parley.loadtest.run.OpenLoop;
import dev.parley.loadtest.run.PhaseResult;
import dev.parley.loadtest.run.Plan;
import dev.parley.loadtest.run.RunClock;
import dev.parley.loadtest.run.ScenarioWorker;
import dev.parley.loadtest.socket.DeviceSocket;
import dev.parley.loadtest.socket.FrameListener;
import dev.parley.loadtest.socket.SocketPool;
import dev.parley.protocol.codec.JsonCodec;
import dev.parley.protocol.model.SyncCursor;
import dev.parley.protocol.ws.ClientFrame;
import dev.parley.protocol.ws.ServerFrame;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code storm}: in each pair the second member is a device that goes offline; the first sends it the
 * backlog; then every device comes back within the reconnect window and delta-syncs until
 * {@code hasMore} is false. The ledger compares what was synced with what was acknowledged.
 */
final class StormWorker implements ScenarioWorker {
    private static final int PHASE = 0;

    private final Options options;

    StormWorker(Options options) {
        this.options = options;
    }

    @Override
    public void run(Plan plan, Control control) throws InterruptedException {
        List<Plan.Chat> pairs = plan.chats();
        int[] receiverOf = new int[plan.participants().stream().mapToInt(Plan.Participant::index).max().orElse(0) + 1];
        pairs.forEach(chat -> receiverOf[chat.members().get(0)] = chat.members().get(1));
        Traffic traffic = new Traffic(phase -> Books.of(s -> new int[]{receiverOf[s]}, Metric.ACK, Metric.CATCH_UP),
                options.size());
        Books books = traffic.books(PHASE);
        long[] counters = new long[pairs.size()];
        try (SocketPool pool = new SocketPool(options.webSocketUris(), new JsonCodec(), options.sourceAddresses(),
                options.connectConcurrency());
             Devices devices = new Devices(pool, traffic, options.heartbeat())) {
            devices.openAll(plan.participants());
            control.ready();

            pairs.forEach(chat -> devices.closeOne(chat.members().get(1)));
            double rate = options.rate() * plan.share();
            long backlog = Math.round(options.backlog() * plan.share());
            Duration sending = Duration.ofNanos((long) (backlog / rate * 1e9));
            double seconds = Phases.run(control, devices, books, () -> OpenLoop.run(rate, sending, (i, intended) -> {
                int pair = (int) (i % pairs.size());
                Plan.Chat chat = pairs.get(pair);
                traffic.send(devices.socket(chat.members().get(0)), chat.id(),
                        new Stamp(PHASE, chat.members().get(0), counters[pair]++, RunClock.toStamp(intended)));
            }), options.drain(), () -> books.ledger().answeredCount() >= books.ledger().sentCount());

            Reconnects reconnects = new Reconnects(traffic, books, pairs.size());
            long windowNanos = options.reconnectWindow().toNanos();
            long start = System.nanoTime();
            for (int j = 0; j < pairs.size(); j++) {
                long due = start + windowNanos * j / pairs.size();
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                Plan.Chat chat = pairs.get(j);
                reconnects.start(devices, plan.participant(chat.members().get(1)), chat);
            }
            if (!reconnects.done.await(windowNanos + options.drain().toNanos() + TimeUnit.SECONDS.toNanos(60),
                    TimeUnit.NANOSECONDS)) {
                System.err.println("storm: " + reconnects.done.getCount() + " devices did not catch up in time");
            }
            control.phaseDone(new PhaseResult(PHASE, rate, seconds, devices.openCount(), devices.drops(),
                    books.ledger().tally(), PhaseResult.encode(books.totals()), reconnects.first.get(),
                    reconnects.last.get() == 0 ? null : reconnects.last.get(), null));
        }
    }

    /** Devices coming back: connect, then sync from the cursor they had until the server has no more. */
    private final class Reconnects {
        final CountDownLatch done;
        final AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong last = new AtomicLong();
        private final Traffic traffic;
        private final Books books;

        Reconnects(Traffic traffic, Books books, int devices) {
            this.traffic = traffic;
            this.books = books;
            this.done = new CountDownLatch(devices);
        }

        void start(Devices devices, Plan.Participant device, Plan.Chat chat) {
            long startedNanos = System.nanoTime();
            first.accumulateAndGet(RunClock.epochMicros(), Math::min);
            FrameListener syncing = new FrameListener() {
                @Override
                public void onFrame(DeviceSocket socket, ServerFrame frame, long receivedNanos) {
                    // Only the sync matters here; everything else is booked as usual.
                    if (frame instanceof ServerFrame.Hello) {
                        socket.send(new ClientFrame.Sync(DeviceSocket.requestId("y"),
                                List.of(SyncCursor.of(chat.id(), chat.lastSeq())), options.syncLimit()));
                    } else if (frame instanceof ServerFrame.SyncBatch batch) {
                        traffic.onFrame(socket, batch, receivedNanos);
                        if (batch.hasMore()) {
                            socket.send(new ClientFrame.Sync(DeviceSocket.requestId("y"), batch.cursors(),
                                    options.syncLimit()));
                        } else {
                            books.latency(Metric.CATCH_UP).recordNanos(System.nanoTime() - startedNanos);
                            last.accumulateAndGet(RunClock.epochMicros(), Math::max);
                            done.countDown();
                        }
                    } else {
                        traffic.onFrame(socket, frame, receivedNanos);
                    }
                }
            };
            devices.reopen(device, syncing).exceptionally(error -> {
                System.err.println("storm: device " + device.index() + " could not reconnect: " + error.getMessage());
                done.countDown();
                if (error instanceof LoadTestException lte) {
                    throw lte;
                }
                return null;
            });
        }
    }
}
