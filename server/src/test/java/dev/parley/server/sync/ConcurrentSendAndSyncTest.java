package dev.parley.server.sync;

import dev.parley.protocol.ids.MessageId;
import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MessageKind;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.model.SyncCursor;
import dev.parley.protocol.ws.ClientFrame;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.support.Backend;
import dev.parley.server.support.DeviceSocketClient;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.ParleyClient.Account;
import dev.parley.server.support.ParleyClient.Session;
import dev.parley.server.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many devices send into one conversation at once while another device delta-syncs in a loop. The
 * reader must end with exactly the acknowledged messages, each once, in gapless seq order: the proof
 * that sync never skips an entry even while transactions commit concurrently.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class ConcurrentSendAndSyncTest {
    private static final int DEVICES_PER_USER = 8;
    private static final int MESSAGES_PER_DEVICE = 60;
    /** Each sender keeps this many sends in flight, so commits of one device overlap too. */
    private static final int WINDOW = 4;
    private static final java.util.concurrent.atomic.AtomicLong LIVE_FRAMES_CHECKED = new java.util.concurrent.atomic.AtomicLong();

    @Parameter
    Backend backend;

    @Test
    void readerSyncingDuringConcurrentSendsEndsWithExactlyTheAcknowledgedMessagesInSeqOrder() throws Exception {
        try (TestServer server = TestServer.start(backend, Map.of("PARLEY_FRAMES_PER_SECOND", "100000",
                "PARLEY_FRAME_BURST", "100000"))) {
            ParleyClient client = server.client();
            Account ann = client.register("ann");
            Account ben = client.register("ben");
            List<Session> senders = new ArrayList<>();
            for (int i = 0; i < DEVICES_PER_USER; i++) {
                senders.add(client.login(ann, "Ann device " + i));
                senders.add(client.login(ben, "Ben device " + i));
            }
            ConversationView chat = client.startDirect(senders.getFirst(), ben.username());
            Map<MessageId, Long> acknowledged = new ConcurrentHashMap<>();
            AtomicBoolean sending = new AtomicBoolean(true);

            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
                 DeviceSocketClient reader = client.connect(client.login(ben, "Ben's reader"))) {
                Future<ReaderLog> readerLoop = threads.submit(() -> readUntilQuiet(reader, chat, sending));
                List<Future<?>> sends = new ArrayList<>();
                for (Session sender : senders) {
                    sends.add(threads.submit(() -> sendAll(client.connect(sender), chat, acknowledged)));
                }
                for (Future<?> send : sends) {
                    send.get();
                }
                sending.set(false);
                ReaderLog log = readerLoop.get();

                List<MessageView> texts = log.messages().stream().filter(m -> m.kind() == MessageKind.TEXT).toList();
                List<Long> seqs = log.messages().stream().map(MessageView::seq).toList();
                long lastSeq = 2L + senders.size() * MESSAGES_PER_DEVICE;
                System.out.printf("CONCURRENCY [%s]: senders=%d sent=%d acknowledged=%d synced=%d duplicates=%d "
                                + "gaps=%d sync-rounds=%d live-frames-in-order=%d%n", backend, senders.size(), senders.size() * MESSAGES_PER_DEVICE,
                        acknowledged.size(), texts.size(), seqs.size() - new HashSet<>(seqs).size(),
                        lastSeq - new HashSet<>(seqs).size(), log.rounds(), LIVE_FRAMES_CHECKED.getAndSet(0));

                assertThat(acknowledged).hasSize(senders.size() * MESSAGES_PER_DEVICE);
                assertThat(seqs).as("every entry once, gapless, in order")
                        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, lastSeq).boxed().toList());
                Map<MessageId, Long> synced = new HashMap<>();
                texts.forEach(m -> synced.put(m.id(), m.seq()));
                assertThat(synced).isEqualTo(acknowledged);
                assertThat(log.rounds()).as("the reader synced while sends were going on").isGreaterThan(3);
            }
        }
    }

    private record ReaderLog(List<MessageView> messages, int rounds) {
    }

    /** Syncs page after page from its own cursor until the senders are done and nothing more comes. */
    private static ReaderLog readUntilQuiet(DeviceSocketClient reader, ConversationView chat, AtomicBoolean sending) {
        List<MessageView> seen = new ArrayList<>();
        List<SyncCursor> cursors = List.of(SyncCursor.of(chat.id(), 0));
        int rounds = 0;
        while (true) {
            boolean sendersWereDone = !sending.get();
            String requestId = DeviceSocketClient.newRequestId();
            reader.send(new ClientFrame.Sync(requestId, cursors, 37));
            ServerFrame.SyncBatch batch = (ServerFrame.SyncBatch) reader.answerTo(requestId);
            rounds++;
            seen.addAll(batch.messages());
            cursors = batch.cursors();
            if (sendersWereDone && !batch.hasMore()) {
                return new ReaderLog(seen, rounds);
            }
        }
    }

    private static Void sendAll(DeviceSocketClient socket, ConversationView chat, Map<MessageId, Long> acknowledged) {
        try (socket) {
            List<String> inFlight = new ArrayList<>();
            Set<String> answered = new HashSet<>();
            for (int i = 0; i < MESSAGES_PER_DEVICE; i++) {
                String requestId = DeviceSocketClient.newRequestId();
                socket.send(new ClientFrame.Send(requestId, chat.id(), UUID.randomUUID(), "msg " + requestId));
                inFlight.add(requestId);
                if (inFlight.size() >= WINDOW) {
                    collect(socket, inFlight.removeFirst(), acknowledged, answered);
                }
            }
            for (String requestId : inFlight) {
                collect(socket, requestId, acknowledged, answered);
            }
            List<Long> liveSeqs = socket.received(ServerFrame.Message.class).stream()
                    .filter(m -> m.message().conversationId().equals(chat.id()))
                    .map(m -> m.message().seq()).toList();
            assertThat(liveSeqs).as("live messages arrive in seq order").isSorted().doesNotHaveDuplicates();
            LIVE_FRAMES_CHECKED.addAndGet(liveSeqs.size());
        }
        return null;
    }

    private static void collect(DeviceSocketClient socket, String requestId, Map<MessageId, Long> acknowledged,
                                Set<String> answered) {
        ServerFrame answer = socket.answerTo(requestId);
        assertThat(answer).as("answer to " + requestId).isInstanceOf(ServerFrame.Ack.class);
        ServerFrame.Ack ack = (ServerFrame.Ack) answer;
        assertThat(answered.add(requestId)).isTrue();
        assertThat(acknowledged.put(ack.messageId(), ack.seq())).isNull();
    }
}
