package dev.parley.loadtest.scenario;

import dev.parley.loadtest.accounting.Tally;
import dev.parley.loadtest.cli.Options;
import dev.parley.loadtest.run.Control;
import dev.parley.loadtest.run.Devices;
import dev.parley.loadtest.run.PhaseResult;
import dev.parley.loadtest.run.Plan;
import dev.parley.loadtest.run.Progress;
import dev.parley.loadtest.run.ScenarioWorker;
import dev.parley.loadtest.socket.DeviceSocket;
import dev.parley.loadtest.socket.FrameListener;
import dev.parley.loadtest.socket.SocketPool;
import dev.parley.protocol.codec.JsonCodec;
import dev.parley.protocol.ws.ServerFrame;

import java.util.Map;

/** {@code connections}: every participant connected and idle but for heartbeats, held open for a while. */
final class ConnectionsWorker implements ScenarioWorker {
    private final Options options;

    ConnectionsWorker(Options options) {
        this.options = options;
    }

    @Override
    public void run(Plan plan, Control control) {
        FrameListener idle = (DeviceSocket socket, ServerFrame frame, long receivedNanos) -> {
        };
        try (SocketPool pool = new SocketPool(options.webSocketUris(), new JsonCodec(), options.sourceAddresses(),
                options.connectConcurrency());
             Devices devices = new Devices(pool, idle, options.heartbeat())) {
            Thread reporter = Thread.ofPlatform().daemon().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    control.progress(new Progress(devices.openCount(), 0, 0, 0, 0, 0));
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            try {
                devices.openAll(plan.participants());
                control.ready();
                long start = System.nanoTime();
                Phases.sleep(options.hold().toMillis());
                double seconds = (System.nanoTime() - start) / 1e9;
                control.phaseDone(new PhaseResult(0, 0, seconds, devices.openCount(), devices.drops(), Tally.ZERO,
                        Map.of(), null, null, null));
            } finally {
                reporter.interrupt();
            }
        }
    }
}
