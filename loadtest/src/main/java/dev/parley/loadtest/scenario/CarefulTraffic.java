package dev.parley.loadtest.scenario;

import dev.parley.loadtest.accounting.Stamp;
import dev.parley.loadtest.client.CarefulDevice;
import dev.parley.loadtest.client.Inbox;
import dev.parley.loadtest.client.PendingSend;
import dev.parley.loadtest.run.Metric;
import dev.parley.loadtest.run.Plan;
import dev.parley.loadtest.socket.DeviceSocket;
import dev.parley.loadtest.socket.FrameListener;
import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.model.MessageKind;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.ws.ServerFrame;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stamped messages sent and received by careful clients ({@code --reconnect}): every participant is a
 * {@link CarefulDevice} that keeps its outbox and cursors over lost sockets. Books into the phase books
 * of {@link Traffic}: a delivery when an entry is applied (each seq once per receiver, in seq order), so
 * the ledger's duplicates are messages the server stored twice (one counter at two seqs) and its
 * reordered ones a later counter stored at a lower seq; entries that come again are only counted as
 * redelivered.
 */
final class CarefulTraffic implements FrameListener, CarefulDevice.Events, AutoCloseable {
    private static final int RETRIES_SHOWN = 10;

    private final Traffic traffic;
    private final int size;
    private final Map<Integer, CarefulDevice> devices = new HashMap<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("careful-retry").factory());
    private final AtomicInteger retriesShown = new AtomicInteger();
    private volatile int phase = Warmup.PHASE;

    /** Every participant of {@code plan} follows its chats from the seq they had when they were set up. */
    CarefulTraffic(Traffic traffic, Plan plan, int size, int syncLimit) {
        this.traffic = traffic;
        this.size = size;
        Map<Integer, Map<ConversationId, Long>> followed = new HashMap<>();
        for (Plan.Chat chat : plan.chats()) {
            chat.members().forEach(member -> followed.computeIfAbsent(member, k -> new HashMap<>())
                    .put(chat.id(), chat.lastSeq()));
        }
        for (Plan.Participant participant : plan.participants()) {
            int index = participant.index();
            devices.put(index, new CarefulDevice(index, followed.getOrDefault(index, Map.of()), syncLimit, timers, this));
        }
    }

    /** Books the message as sent and hands it to its sender's outbox, which sends it when it may. */
    void send(int sender, ConversationId conversation, Stamp stamp) {
        traffic.books(stamp.phase()).ledger().sent(sender, stamp.counter());
        devices.get(sender).send(new PendingSend(stamp, conversation, UUID.randomUUID(), stamp.text(size)));
    }

    /** The careful client of a participant. */
    CarefulDevice device(int participant) {
        return devices.get(participant);
    }

    /** Reconnects from now on count towards {@code phase}. */
    void startPhase(int phase) {
        this.phase = phase;
    }

    /**
     * Every device syncs once more from its cursors, so a delivery whose live push was lost is found
     * before the books are closed. Waits at most {@code timeout}; returns how many devices did not finish.
     */
    int syncAll(Duration timeout) {
        List<CompletableFuture<Void>> syncs = new ArrayList<>();
        devices.values().forEach(device -> syncs.add(device.syncOnceMore()));
        CompletableFuture.allOf(syncs.toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS).join();
        return (int) syncs.stream().filter(sync -> !sync.isDone()).count();
    }

    @Override
    public void onFrame(DeviceSocket socket, ServerFrame frame, long receivedNanos) {
        CarefulDevice device = device(socket.index());
        if (frame instanceof ServerFrame.Hello) {
            device.connected(socket);
        } else {
            device.received(frame, receivedNanos);
        }
    }

    @Override
    public void onClosed(DeviceSocket socket, int code, boolean byUs) {
        devices.get(socket.index()).disconnected(socket);
    }

    @Override
    public void onReconnected(DeviceSocket socket, long outageNanos) {
        traffic.books(phase).latency(Metric.RECONNECT).recordNanos(outageNanos);
    }

    @Override
    public void applied(int participant, Inbox.Applied applied, long receivedNanos) {
        Stamp stamp = othersStamp(participant, applied.entry());
        if (stamp != null && traffic.delivered(participant, applied.entry(), receivedNanos, applied.live())
                && !applied.live()) {
            traffic.books(stamp.phase()).recovery().deliveredBySync();
        }
    }

    @Override
    public void redelivered(int participant, MessageView entry) {
        Stamp stamp = othersStamp(participant, entry);
        if (stamp != null) {
            traffic.books(stamp.phase()).recovery().redelivered();
        }
    }

    @Override
    public void resent(int participant, PendingSend send) {
        traffic.books(send.stamp().phase()).recovery().resent();
    }

    @Override
    public void acknowledged(int participant, ServerFrame.Ack ack, long receivedNanos) {
        traffic.acknowledged(participant, ack, receivedNanos);
    }

    @Override
    public void refused(int participant, ServerFrame.Error error, boolean retrying) {
        if (!retrying) {
            traffic.refused(participant, error);
        } else if (retriesShown.incrementAndGet() <= RETRIES_SHOWN) {
            Traffic.show(participant, error, "; trying again later");
        }
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }

    /**
     * The stamp of a load-test message from someone else; null for other entries, and for the
     * participant's own messages, which a sync returns to it as well.
     */
    private static Stamp othersStamp(int participant, MessageView entry) {
        if (entry.kind() != MessageKind.TEXT) {
            return null;
        }
        Stamp stamp = Stamp.parse(entry.text());
        return stamp == null || stamp.sender() == participant ? null : stamp;
    }
}
