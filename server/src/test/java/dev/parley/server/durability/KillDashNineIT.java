package dev.parley.server.durability;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MessageKind;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.rest.HistoryPage;
import dev.parley.protocol.ws.ClientFrame;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.support.Backend;
import dev.parley.server.support.DeviceSocketClient;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.ParleyClient.Account;
import dev.parley.server.support.ParleyClient.Session;
import dev.parley.server.support.TestDatabase;
import dev.parley.server.support.TestEnvironment;
import dev.parley.server.support.TestRedisPrefix;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * "Nothing acknowledged is ever lost": the server jar runs as a separate process, four devices send
 * into one direct chat as fast as their acks come back, and the process is killed with SIGKILL while
 * sends are in flight. After a restart on the same data dir (and database), every acknowledged
 * message is there with its id, seq and text, the log is gapless, and resending an acknowledged
 * clientMessageId gives back the original. Two kill/restart rounds per backend.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class KillDashNineIT {
    private static final int ROUNDS = 2;
    private static final int DEVICES = 4;
    /** Unacknowledged sends each device keeps on the wire: a new one goes out as each ack comes back. */
    private static final int WINDOW = 4;
    /** The kill comes once both are reached: a few hundred acks in, after a short while of sending... */
    private static final int KILL_AFTER_ACKS = 300;
    private static final long KILL_AFTER_MS = 1_500;
    /** ...or, on a slow or busy machine, after this long with at least one ack (none by 20 s fails the round). */
    private static final long KILL_AT_THE_LATEST_MS = 6_000;
    private static final long GIVE_UP_WITHOUT_ACKS_MS = 20_000;
    private static final long STARTUP_TIMEOUT_MS = 60_000;
    private static final int ACKED_RESENDS_PER_ROUND = 8;
    private static final int SYNC_PAGE = 500;
    private static final int HISTORY_PAGE = 200;

    /** Server processes still running, killed if the test JVM exits before {@link #cleanUp}. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
    }

    @Parameter
    Backend backend;

    private Path dataDir;
    private Path logDir;
    private TestDatabase database;
    private TestRedisPrefix redisPrefix;
    private ServerProcess server;
    private int starts;
    private boolean passed;
    private final List<DeviceSocketClient> openSockets = Collections.synchronizedList(new ArrayList<>());
    private final List<Thread> senderThreads = new ArrayList<>();

    /** Every Send ever put on a socket (or tried), by clientMessageId. */
    private final Map<UUID, Attempt> attempts = new ConcurrentHashMap<>();
    /** The ack each clientMessageId got (first sends, and resends of unacknowledged ones), by clientMessageId. */
    private final Map<UUID, ServerFrame.Ack> acked = new ConcurrentHashMap<>();

    private record Attempt(UUID clientMessageId, String text, int device, int round) {
    }

    @BeforeEach
    void storage() throws IOException {
        if (backend == Backend.POSTGRES_REDIS) {
            TestEnvironment.requirePostgresAndRedis();
            database = TestDatabase.create();
            redisPrefix = new TestRedisPrefix();
        }
        dataDir = Files.createTempDirectory("parley-kill9-");
        logDir = Path.of(System.getProperty("basedir", "."), "target", "kill-dash-nine").toAbsolutePath();
        Files.createDirectories(logDir);
        try (Stream<Path> old = Files.list(logDir)) {
            old.filter(p -> p.getFileName().toString().startsWith(backend + "-")).forEach(KillDashNineIT::deleteQuietly);
        }
    }

    @AfterEach
    void cleanUp() {
        senderThreads.forEach(Thread::interrupt);
        List<DeviceSocketClient> sockets;
        synchronized (openSockets) {
            sockets = List.copyOf(openSockets);
            openSockets.clear();
        }
        sockets.forEach(s -> {
            try {
                s.close();
            } catch (RuntimeException ignored) {
                // the server may be gone
            }
        });
        if (server != null) {
            server.stop();
        }
        if (!passed && dataDir != null && backend == Backend.H2) {
            keepForInspection();
        }
        if (database != null) {
            database.close();
        }
        if (redisPrefix != null) {
            redisPrefix.close();
        }
        deleteQuietly(dataDir);
    }

    @Test
    void nothingAcknowledgedIsLostWhenTheServerIsKilledWithSigkill() throws Exception {
        long testStart = System.nanoTime();
        server = startServer();
        ParleyClient client = ParleyClient.forBaseUri(server.baseUri());
        Account alice = client.register("alice");
        Account bob = client.register("bob");
        List<Session> devices = new ArrayList<>();
        for (int d = 0; d < DEVICES; d++) {
            Account owner = d % 2 == 0 ? alice : bob;
            devices.add(client.login(owner, (owner == alice ? "Alice" : "Bob") + " device " + d));
        }
        ConversationId chat = client.startDirect(devices.get(0), bob.username()).id();

        List<RoundFigures> figures = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            RoundFigures f = sendUntilKilled(round, devices, chat);
            long restartStart = System.nanoTime();
            server = startServer();
            long restartMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartStart);
            client = ParleyClient.forBaseUri(server.baseUri());

            Log log = readBack(client, bob, chat, "Bob verifier " + round);
            Map<UUID, String> problems = problems(log);
            int found = 0;
            int unackedCommitted = 0;
            for (Attempt attempt : attempts.values()) {
                if (attempt.round() != round) {
                    continue;
                }
                if (f.acked().contains(attempt.clientMessageId())) {
                    found += problems.containsKey(attempt.clientMessageId()) ? 0 : 1;
                } else if (log.byClientId().containsKey(attempt.clientMessageId())) {
                    unackedCommitted++;
                }
            }
            String seqProblem = seqProblem(log);
            f = f.after(found, unackedCommitted, restartMs, log.lastSeq(), seqProblem);
            figures.add(f);
            System.out.println(f.line(backend));
            assertIntact(log, seqProblem, problems);

            resendAfterRestart(client, round, devices, chat, log);
        }

        // After the last round's resends every message ever tried is acknowledged: read the log once more.
        Log finalLog = readBack(client, bob, chat, "Bob final check");
        assertIntact(finalLog, seqProblem(finalLog), problems(finalLog));
        assertThat(attempts.keySet()).as("every message tried, after client retries, is in the log exactly once")
                .isEqualTo(finalLog.byClientId().keySet());

        RoundFigures total = figures.stream().reduce(RoundFigures::plus).orElseThrow();
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - testStart);
        passed = true;
        System.out.println("KILL-9 [" + backend + "]: sent=" + total.sent() + " acknowledged=" + total.acked().size()
                + " found-after-restart=" + total.found() + " lost=" + (total.acked().size() - total.found())
                + " (+" + total.unackedCommitted() + " unacknowledged that were committed) over " + ROUNDS
                + " kill -9 rounds, " + finalLog.lastSeq() + " log entries, " + seconds + " s");
    }

    // ---------------------------------------------------------------------------------------------
    // Sending until the kill

    private RoundFigures sendUntilKilled(int round, List<Session> devices, ConversationId chat) throws Exception {
        AtomicInteger acksThisRound = new AtomicInteger();
        List<Sender> senders = new ArrayList<>();
        for (int d = 0; d < devices.size(); d++) {
            DeviceSocketClient socket = connect(server.ws(), devices.get(d));
            senders.add(new Sender(round, d, socket, chat, acksThisRound));
        }
        senderThreads.clear();
        for (Sender sender : senders) {
            senderThreads.add(Thread.ofPlatform().name("kill9-sender-" + sender.device).daemon().start(sender));
        }

        long start = System.nanoTime();
        while (true) {
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            int acks = acksThisRound.get();
            if (acks >= KILL_AFTER_ACKS && elapsed >= KILL_AFTER_MS || acks > 0 && elapsed >= KILL_AT_THE_LATEST_MS
                    || elapsed >= GIVE_UP_WITHOUT_ACKS_MS) {
                break;
            }
            if (senders.stream().allMatch(s -> s.finished)) {
                fail("Every sender stopped before the kill: " + senders.stream().map(Sender::describe).toList()
                        + "; server log " + server.log());
            }
            Thread.sleep(5);
        }
        int inFlight = senders.stream().mapToInt(s -> s.outstanding.size()).sum();
        long sendingMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        server.killDashNine();

        for (Sender sender : senders) {
            sender.stop = true;
        }
        for (Thread thread : senderThreads) {
            if (!thread.join(Duration.ofSeconds(30))) {
                fail("A sender did not stop after the kill: " + thread.getName());
            }
        }
        for (Sender sender : senders) {
            if (sender.failure != null) {
                throw new AssertionError("Sender " + sender.device + " failed", sender.failure);
            }
        }

        // The acks as the devices received them, including any that arrived after the sender stopped looking.
        Set<UUID> ackedThisRound = new HashSet<>();
        int sent = 0;
        Map<String, Integer> errors = new TreeMap<>();
        for (Sender sender : senders) {
            sent += sender.written;
            sender.errors.forEach((code, n) -> errors.merge(code, n, Integer::sum));
            for (ServerFrame.Ack ack : sender.socket.received(ServerFrame.Ack.class)) {
                Attempt attempt = attempts.get(ack.clientMessageId());
                assertThat(attempt).as("ack for a message this test sent: %s", ack).isNotNull();
                assertThat(attempt.round()).as("ack in the round it was sent: %s", ack).isEqualTo(round);
                assertThat(ack.duplicate()).as("first send acknowledged as a duplicate: %s", ack).isFalse();
                assertThat(ack.conversationId()).isEqualTo(chat);
                ServerFrame.Ack earlier = acked.putIfAbsent(ack.clientMessageId(), ack);
                assertThat(earlier).as("two acks for one clientMessageId: %s and %s", earlier, ack).isNull();
                ackedThisRound.add(ack.clientMessageId());
            }
            sender.socket.close();
            openSockets.remove(sender.socket);
        }
        assertThat(ackedThisRound).as("acknowledged before the kill in round %d (server log %s)", round, server.log())
                .isNotEmpty();
        return new RoundFigures(round, sent, ackedThisRound, inFlight, sendingMs, errors, 0, 0, 0, 0, null);
    }

    /** One device: keeps {@link #WINDOW} sends unacknowledged, sending the next as each answer comes back. */
    private final class Sender implements Runnable {
        final int round;
        final int device;
        final DeviceSocketClient socket;
        final ConversationId chat;
        final AtomicInteger acksThisRound;
        final Map<String, UUID> outstanding = new ConcurrentHashMap<>();
        final Map<String, Integer> errors = new ConcurrentHashMap<>();
        volatile boolean stop;
        volatile boolean finished;
        volatile Throwable failure;
        volatile int written;
        private int counter;

        Sender(int round, int device, DeviceSocketClient socket, ConversationId chat, AtomicInteger acksThisRound) {
            this.round = round;
            this.device = device;
            this.socket = socket;
            this.chat = chat;
            this.acksThisRound = acksThisRound;
        }

        @Override
        public void run() {
            try {
                while (!stop && !socket.isClosed()) {
                    while (outstanding.size() < WINDOW && !stop) {
                        if (!sendOne()) {
                            return;
                        }
                    }
                    Optional<ServerFrame> answer = socket.awaitWithin(ServerFrame.class,
                            f -> answerId(f) != null && outstanding.containsKey(answerId(f)),
                            Duration.ofMillis(200));
                    answer.ifPresent(this::answered);
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                finished = true;
            }
        }

        private boolean sendOne() {
            UUID clientMessageId = UUID.randomUUID();
            String text = "round " + round + " device " + device + " message " + (++counter) + " ✉ "
                    + Long.toHexString(ThreadLocalRandom.current().nextLong());
            String requestId = DeviceSocketClient.newRequestId();
            attempts.put(clientMessageId, new Attempt(clientMessageId, text, device, round));
            outstanding.put(requestId, clientMessageId);
            try {
                socket.send(new ClientFrame.Send(requestId, chat, clientMessageId, text));
                written++;
                return true;
            } catch (RuntimeException serverGone) {
                return false;
            }
        }

        private void answered(ServerFrame frame) {
            outstanding.remove(answerId(frame));
            if (frame instanceof ServerFrame.Ack) {
                acksThisRound.incrementAndGet();
            } else if (frame instanceof ServerFrame.Error error) {
                errors.merge(error.code(), 1, Integer::sum);
            }
        }

        String describe() {
            return "device " + device + ": written=" + written + " errors=" + errors + " closed=" + socket.isClosed()
                    + (failure == null ? "" : " failure=" + failure);
        }
    }

    private static String answerId(ServerFrame frame) {
        return switch (frame) {
            case ServerFrame.Ack ack -> ack.requestId();
            case ServerFrame.Error error -> error.requestId();
            default -> null;
        };
    }

    // ---------------------------------------------------------------------------------------------
    // Reading back after the restart

    private record Log(List<MessageView> entries, long lastSeq, Map<UUID, MessageView> byClientId) {
    }

    /** The chat's whole log, read by delta sync from a fresh device and cross-checked against REST history. */
    private Log readBack(ParleyClient client, Account reader, ConversationId chat, String deviceName) {
        Session fresh = client.login(reader, deviceName);
        List<MessageView> entries;
        long lastSeq;
        try (DeviceSocketClient socket = connect(server.ws(), fresh)) {
            DeviceSocketClient.SyncResult sync = socket.syncAll(List.of(), SYNC_PAGE);
            entries = sync.messages().stream().filter(m -> m.conversationId().equals(chat)).toList();
            lastSeq = sync.last().conversations().stream().filter(c -> c.id().equals(chat))
                    .mapToLong(ConversationView::lastSeq).findFirst()
                    .orElseThrow(() -> new AssertionError("The chat is missing from the sync after the restart"));
            openSockets.remove(socket);
        }

        List<MessageView> history = new ArrayList<>();
        Long before = null;
        do {
            ParleyClient.Response response = client.get("/api/v1/conversations/" + chat.value() + "/messages?limit="
                    + HISTORY_PAGE + (before == null ? "" : "&before=" + before), fresh.token());
            assertThat(response.status()).as(response.body()).isEqualTo(200);
            HistoryPage page = response.as(HistoryPage.class);
            history.addAll(page.messages());
            before = page.nextBefore();
        } while (before != null);
        assertThat(history.reversed()).as("REST history agrees with delta sync").isEqualTo(entries);

        Map<UUID, MessageView> byClientId = new LinkedHashMap<>();
        for (MessageView m : entries) {
            if (m.kind() == MessageKind.TEXT) {
                MessageView twice = byClientId.put(m.clientMessageId(), m);
                assertThat(twice).as("clientMessageId %s stored twice: %s and %s", m.clientMessageId(), twice, m)
                        .isNull();
            }
        }
        return new Log(entries, lastSeq, byClientId);
    }

    /** Null when the log's seqs are exactly 1..lastSeq in order, else what is wrong with them. */
    private String seqProblem(Log log) {
        List<Long> seqs = log.entries().stream().map(MessageView::seq).toList();
        List<Long> gapless = Stream.iterate(1L, s -> s + 1).limit(log.lastSeq()).toList();
        return seqs.equals(gapless) ? null : describeSeqs(log);
    }

    /** What is wrong with each acknowledged message (missing or changed), and with messages never sent. */
    private Map<UUID, String> problems(Log log) {
        Map<UUID, String> problems = new LinkedHashMap<>();
        for (ServerFrame.Ack ack : acked.values()) {
            MessageView stored = log.byClientId().get(ack.clientMessageId());
            Attempt attempt = attempts.get(ack.clientMessageId());
            if (stored == null) {
                problems.put(ack.clientMessageId(), "acknowledged but missing: " + ack + " '" + attempt.text() + "'");
            } else if (!stored.id().equals(ack.messageId()) || stored.seq() != ack.seq()
                    || !attempt.text().equals(stored.text()) || !stored.sentAt().equals(millis(ack.sentAt()))) {
                problems.put(ack.clientMessageId(), "acknowledged as " + ack + " '" + attempt.text()
                        + "' but stored as " + stored);
            }
        }
        for (MessageView m : log.byClientId().values()) {
            Attempt attempt = attempts.get(m.clientMessageId());
            if (attempt == null) {
                problems.put(m.clientMessageId(), "stored but never sent: " + m);
            } else if (!attempt.text().equals(m.text())) {
                problems.put(m.clientMessageId(), "sent as '" + attempt.text() + "' but stored as " + m);
            }
        }
        return problems;
    }

    private void assertIntact(Log log, String seqProblem, Map<UUID, String> problems) {
        List<String> all = new ArrayList<>(problems.values());
        if (seqProblem != null) {
            all.addFirst("the log is not exactly seqs 1..lastSeq: " + seqProblem);
        }
        assertThat(all).as("after kill -9 and restart, %d acknowledged messages and the chat's log (%d entries) "
                + "must be intact; server logs in %s", acked.size(), log.entries().size(), logDir).isEmpty();
    }

    private String describeSeqs(Log log) {
        StringBuilder out = new StringBuilder("the chat's lastSeq is " + log.lastSeq() + ", " + log.entries().size()
                + " entries were read");
        Map<Long, List<MessageView>> bySeq = log.entries().stream()
                .collect(Collectors.groupingBy(MessageView::seq, TreeMap::new, Collectors.toList()));
        bySeq.forEach((seq, entries) -> {
            if (entries.size() > 1) {
                out.append("; seq ").append(seq).append(" ").append(entries.size()).append(" times");
            }
        });
        long max = bySeq.isEmpty() ? 0 : ((TreeMap<Long, List<MessageView>>) bySeq).lastKey();
        for (long seq = 1; seq <= Math.max(max, log.lastSeq()); seq++) {
            if (!bySeq.containsKey(seq)) {
                out.append("; seq ").append(seq).append(" missing");
            }
        }
        log.entries().stream().filter(m -> m.seq() > log.lastSeq() || m.seq() >= log.lastSeq() - 2).forEach(m -> {
            ServerFrame.Ack ack = m.clientMessageId() == null ? null : acked.get(m.clientMessageId());
            Attempt attempt = m.clientMessageId() == null ? null : attempts.get(m.clientMessageId());
            out.append("; seq ").append(m.seq()).append(m.seq() > log.lastSeq() ? " (past lastSeq)" : "")
                    .append(": ").append(attempt == null ? m.kind() : "'" + attempt.text() + "'")
                    .append(ack == null ? " unacknowledged" : " acknowledged as seq " + ack.seq());
        });
        return out.toString();
    }

    // ---------------------------------------------------------------------------------------------
    // Resending after the restart, as a client does on reconnect

    private void resendAfterRestart(ParleyClient client, int round, List<Session> devices, ConversationId chat,
                                    Log log) {
        List<Attempt> ackedThisRound = attempts.values().stream()
                .filter(a -> a.round() == round && acked.containsKey(a.clientMessageId()))
                .sorted(Comparator.comparingLong(a -> acked.get(a.clientMessageId()).seq()))
                .collect(Collectors.toCollection(ArrayList::new));
        List<Attempt> sample = new ArrayList<>();
        sample.add(ackedThisRound.getLast()); // the last ack before the kill is the one most at risk
        Collections.shuffle(ackedThisRound);
        ackedThisRound.stream().filter(a -> !sample.contains(a)).limit(ACKED_RESENDS_PER_ROUND - 1).forEach(sample::add);
        List<Attempt> unacknowledged = attempts.values().stream()
                .filter(a -> a.round() == round && !acked.containsKey(a.clientMessageId())).toList();

        Map<Integer, DeviceSocketClient> sockets = new HashMap<>();
        try {
            for (Attempt attempt : sample) {
                ServerFrame.Ack original = acked.get(attempt.clientMessageId());
                ServerFrame.Ack again = resend(sockets, devices, chat, attempt);
                assertThat(again.duplicate()).as("resend of acknowledged %s", original).isTrue();
                assertThat(again.messageId()).isEqualTo(original.messageId());
                assertThat(again.seq()).isEqualTo(original.seq());
                assertThat(millis(again.sentAt())).isEqualTo(millis(original.sentAt()));
            }
            // The ones in flight at the kill: stored once if they were committed, else stored now.
            long lastSeq = log.lastSeq();
            for (Attempt attempt : unacknowledged) {
                ServerFrame.Ack again = resend(sockets, devices, chat, attempt);
                MessageView committed = log.byClientId().get(attempt.clientMessageId());
                if (committed != null) {
                    assertThat(again.duplicate()).as("resend of committed but unacknowledged %s", committed).isTrue();
                    assertThat(again.seq()).isEqualTo(committed.seq());
                    assertThat(again.messageId()).isEqualTo(committed.id());
                } else {
                    assertThat(again.duplicate()).as("resend of %s, not committed before the kill", attempt).isFalse();
                    assertThat(again.seq()).isEqualTo(++lastSeq);
                }
                acked.put(attempt.clientMessageId(), again);
            }
        } finally {
            sockets.values().forEach(s -> {
                s.close();
                openSockets.remove(s);
            });
        }
    }

    private ServerFrame.Ack resend(Map<Integer, DeviceSocketClient> sockets, List<Session> devices,
                                   ConversationId chat, Attempt attempt) {
        DeviceSocketClient socket = sockets.computeIfAbsent(attempt.device(),
                d -> connect(server.ws(), devices.get(d)));
        ServerFrame answer = socket.sendMessage(chat, attempt.clientMessageId(), attempt.text());
        if (answer instanceof ServerFrame.Ack ack) {
            return ack;
        }
        throw new AssertionError("Expected an ack for the resend of " + attempt + ", got " + answer);
    }

    /** Times are stored as epoch milliseconds; a first send's ack carries the clock's full precision. */
    private static Instant millis(Instant time) {
        return time.truncatedTo(ChronoUnit.MILLIS);
    }

    private DeviceSocketClient connect(URI ws, Session session) {
        DeviceSocketClient socket = DeviceSocketClient.connect(ws, session.token(), Map.of());
        openSockets.add(socket);
        return socket;
    }

    // ---------------------------------------------------------------------------------------------
    // Figures

    private record RoundFigures(int round, int sent, Set<UUID> acked, int inFlightAtKill, long sendingMs,
                                Map<String, Integer> errors, int found, int unackedCommitted, long restartMs,
                                long lastSeq, String seqProblem) {
        RoundFigures after(int found, int unackedCommitted, long restartMs, long lastSeq, String seqProblem) {
            return new RoundFigures(round, sent, acked, inFlightAtKill, sendingMs, errors, found, unackedCommitted,
                    restartMs, lastSeq, seqProblem);
        }

        RoundFigures plus(RoundFigures other) {
            Set<UUID> both = new HashSet<>(acked);
            both.addAll(other.acked);
            Map<String, Integer> allErrors = new TreeMap<>(errors);
            other.errors.forEach((code, n) -> allErrors.merge(code, n, Integer::sum));
            return new RoundFigures(other.round, sent + other.sent, both, inFlightAtKill + other.inFlightAtKill,
                    sendingMs + other.sendingMs, allErrors, found + other.found, unackedCommitted + other.unackedCommitted,
                    restartMs + other.restartMs, other.lastSeq, seqProblem != null ? seqProblem : other.seqProblem);
        }

        String line(Backend backend) {
            return "KILL-9 [" + backend + "] round " + round + "/" + ROUNDS + ": sent=" + sent + " acknowledged="
                    + acked.size() + " found-after-restart=" + found + " lost=" + (acked.size() - found) + " (+"
                    + unackedCommitted + " unacknowledged that were committed); killed after " + sendingMs
                    + " ms of sending with " + inFlightAtKill + " in flight"
                    + (errors.isEmpty() ? "" : ", error answers=" + errors) + ", restart to UP " + restartMs
                    + " ms, " + (seqProblem == null ? "log gapless 1.." + lastSeq : "LOG NOT GAPLESS: " + seqProblem);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The server process

    private ServerProcess startServer() throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>();
        env.put("PARLEY_HOST", "127.0.0.1");
        env.put("PARLEY_DATA_DIR", dataDir.toString());
        // The test sends as fast as the server acknowledges; the per-socket frame limit is tested elsewhere.
        env.put("PARLEY_FRAMES_PER_SECOND", "1000000");
        env.put("PARLEY_FRAME_BURST", "1000000");
        env.put("PARLEY_LOGIN_MAX_PER_ADDRESS", "100000");
        if (backend == Backend.POSTGRES_REDIS) {
            env.put("PARLEY_DB_URL", database.url());
            env.put("PARLEY_DB_USER", TestEnvironment.PG_USER);
            env.put("PARLEY_DB_PASSWORD", TestEnvironment.PG_PASSWORD);
            env.put("PARLEY_REDIS_URL", TestEnvironment.REDIS_URL);
            env.put("PARLEY_REDIS_PREFIX", redisPrefix.prefix());
        }
        for (int attempt = 1; ; attempt++) {
            Path log = logDir.resolve(backend + "-start" + (++starts) + ".log");
            try {
                return ServerProcess.start(env, dataDir, log);
            } catch (PortTaken e) {
                if (attempt == 3) {
                    throw new AssertionError("Could not bind a free port three times; see " + log, e);
                }
            }
        }
    }

    private static final class PortTaken extends Exception {
        PortTaken(String message) {
            super(message);
        }
    }

    private static final class ServerProcess {
        private static final HttpClient HTTP = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2)).build();

        private final Process process;
        private final int port;
        private final Path log;

        private ServerProcess(Process process, int port, Path log) {
            this.process = process;
            this.port = port;
            this.log = log;
        }

        static ServerProcess start(Map<String, String> env, Path workDir, Path log)
                throws IOException, InterruptedException, PortTaken {
            Path jar = Path.of(System.getProperty("basedir", "."), "target", "parley-server.jar").toAbsolutePath();
            assertThat(jar).as("the server jar (built by the package phase)").exists();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            int port = freePort();
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx512m", "-jar", jar.toString())
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("PARLEY_"));
            builder.environment().putAll(env);
            builder.environment().put("PARLEY_PORT", Integer.toString(port));
            Process process = builder.start();
            RUNNING.add(process);
            ServerProcess server = new ServerProcess(process, port, log);
            try {
                server.awaitUp();
                return server;
            } catch (PortTaken | RuntimeException | Error | InterruptedException e) {
                server.stop();
                throw e;
            }
        }

        private void awaitUp() throws InterruptedException, PortTaken {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STARTUP_TIMEOUT_MS);
            String last = "no answer";
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    String output = tail();
                    if (output.contains("Address already in use") || output.contains("BindException")) {
                        throw new PortTaken(output);
                    }
                    throw new AssertionError("The server exited with " + process.exitValue() + " while starting; "
                            + log + ":\n" + output);
                }
                try {
                    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(baseUri().resolve("/observe/health"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    last = response.statusCode() + " " + response.body();
                    if (response.statusCode() == 200
                            && "UP".equals(ParleyClient.codec().tree(response.body()).path("status").asText())) {
                        return;
                    }
                } catch (IOException notYet) {
                    last = notYet.toString();
                }
                Thread.sleep(50);
            }
            throw new AssertionError("The server was not UP within " + STARTUP_TIMEOUT_MS + " ms (last: " + last
                    + "); " + log + ":\n" + tail());
        }

        URI baseUri() {
            return URI.create("http://127.0.0.1:" + port);
        }

        URI ws() {
            return URI.create("ws://127.0.0.1:" + port + "/ws");
        }

        Path log() {
            return log;
        }

        /** SIGKILL: no shutdown hook, no connection pool close, no database close. */
        void killDashNine() throws InterruptedException {
            long pid = process.pid();
            process.destroyForcibly(); // SIGKILL on Linux
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("Server process " + pid + " survived SIGKILL");
            }
            RUNNING.remove(process);
            // 128 + 9: the process died of SIGKILL, not of a clean exit.
            assertThat(process.exitValue()).as("exit status of the killed server %d", pid).isEqualTo(137);
        }

        /** Ends the process whatever state it is in: SIGTERM, then SIGKILL. */
        void stop() {
            try {
                if (process.isAlive()) {
                    process.destroy();
                    if (!process.waitFor(15, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                        process.waitFor(15, TimeUnit.SECONDS);
                    }
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            } finally {
                RUNNING.remove(process);
            }
        }

        private String tail() {
            try {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
            } catch (IOException e) {
                return "(cannot read " + log + ": " + e + ")";
            }
        }

        private static int freePort() throws IOException {
            try (ServerSocket socket = new ServerSocket(0)) {
                socket.setReuseAddress(true);
                return socket.getLocalPort();
            }
        }
    }

    /** A failed H2 run leaves its database files under target/ to look into (with the H2 shell). */
    private void keepForInspection() {
        Path copy = logDir.resolve(backend + "-data-at-failure");
        deleteQuietly(copy);
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(dataDir.relativize(file).toString()));
            }
            System.out.println("The H2 data dir of the failed run is kept in " + copy);
        } catch (IOException e) {
            System.err.println("Could not keep the data dir: " + e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // A temp dir left behind is harmless.
        }
    }
}
