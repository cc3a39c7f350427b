package dev.parley.server.groups;

import dev.parley.protocol.codec.JsonCodec;
import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.MessageId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MessageKind;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.model.SyncCursor;
import dev.parley.protocol.rest.InviteView;
import dev.parley.protocol.rest.MessageInfo;
import dev.parley.protocol.ws.ClientFrame;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.support.Backend;
import dev.parley.server.support.DeviceSocketClient;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.ParleyClient.Response;
import dev.parley.server.support.ParleyClient.Session;
import dev.parley.server.support.SeededAccounts;
import dev.parley.server.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A full group of 500: one message reaches every connected member, offline members get everything
 * by sync, receipts from all members at once add up exactly and reach only the sender, and the 501st
 * member is refused. Prints how long a message takes to reach the last of the members.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class GroupOf500Test {
    private static final int MEMBERS = 500;
    private static final int TIMED_MESSAGES = 100;
    private static final JsonCodec CODEC = new JsonCodec();

    @Parameter
    Backend backend;

    @Test
    void fiveHundredMembersGetEveryMessageAndTheFiveHundredAndFirstIsRefused() throws Exception {
        TestServer server = TestServer.shared(backend);
        ParleyClient client = server.client();
        Session owner = client.login(client.register("owner"), "Laptop");
        List<Session> others = SeededAccounts.create(server, "member", MEMBERS - 1);
        ConversationView group = client.createGroup(owner, "Five hundred",
                others.stream().map(s -> s.account().username()).toArray(String[]::new));
        assertThat(group.members()).hasSize(MEMBERS);

        HttpClient http = HttpClient.newHttpClient();
        List<MemberSocket> sockets = new ArrayList<>();
        try (DeviceSocketClient ownerSocket = client.connect(owner)) {
            for (Session member : others) {
                sockets.add(MemberSocket.open(http, server.ws(), member, group.id()));
            }
            // Every member's socket saw the group's creation entries: all 499 are live.
            long[] nanos = new long[TIMED_MESSAGES];
            for (int i = 0; i < TIMED_MESSAGES; i++) {
                CountDownLatch everyone = new CountDownLatch(sockets.size());
                sockets.forEach(socket -> socket.expect(everyone));
                long start = System.nanoTime();
                ServerFrame.Ack ack = ownerSocket.sendText(group.id(), "message " + i);
                assertThat(everyone.await(30, TimeUnit.SECONDS)).as("message %d reached every member", i).isTrue();
                long lastArrival = sockets.stream().mapToLong(s -> s.arrivalOf(ack.messageId())).max().orElseThrow();
                nanos[i] = lastArrival - start;
            }
            Arrays.sort(nanos);
            System.out.printf("GROUP-500 [%s]: messages=%d members=%d to-last-member p50=%.1f ms p90=%.1f ms max=%.1f ms%n",
                    backend, TIMED_MESSAGES, MEMBERS, nanos[TIMED_MESSAGES / 2] / 1e6, nanos[TIMED_MESSAGES * 9 / 10] / 1e6,
                    nanos[TIMED_MESSAGES - 1] / 1e6);
            long lastSeq = group.lastSeq() + TIMED_MESSAGES;
            for (MemberSocket socket : sockets) {
                assertThat(socket.seqs()).as("every member got all %d messages once, in order", TIMED_MESSAGES)
                        .containsExactlyElementsOf(seqRange(group.lastSeq() + 1, lastSeq));
            }

            receiptsFromEveryoneAddUpAndReachOnlyTheSender(server, client, owner, ownerSocket, sockets, group, lastSeq);
            offlineMembersCatchUpBySync(client, ownerSocket, sockets.subList(0, 50), group, lastSeq);
            theFiveHundredAndFirstIsRefused(client, owner, group);
        } finally {
            sockets.forEach(MemberSocket::close);
        }
    }

    private void receiptsFromEveryoneAddUpAndReachOnlyTheSender(TestServer server, ParleyClient client, Session owner,
                                                                 DeviceSocketClient ownerSocket, List<MemberSocket> sockets,
                                                                 ConversationView group, long lastSeq) throws Exception {
        sockets.forEach(MemberSocket::clearReceipts);
        long updatesBefore = settledMemberRowUpdates(server, 0);
        // Everyone at once: the first 200 read up to the last message, the others only confirm delivery.
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (int i = 0; i < sockets.size(); i++) {
            ClientFrame frame = i < 200
                    ? new ClientFrame.MarkRead(DeviceSocketClient.newRequestId(), group.id(), lastSeq)
                    : new ClientFrame.MarkDelivered(DeviceSocketClient.newRequestId(), group.id(), lastSeq);
            sent.add(sockets.get(i).sendAndAwaitOk(frame));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        Response response = client.get("/api/v1/conversations/" + group.id() + "/messages/" + lastSeq + "/info",
                owner.token());
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        MessageInfo info = response.as(MessageInfo.class);
        assertThat(info.recipients()).isEqualTo(MEMBERS - 1);
        assertThat(info.delivered()).isEqualTo(MEMBERS - 1);
        assertThat(info.read()).isEqualTo(200);
        assertThat(info.pending()).isEmpty();

        Set<UserId> readers = ownerSocket.awaitAll(ServerFrame.Receipt.class, MEMBERS - 1, Duration.ofSeconds(30)).stream()
                .map(ServerFrame.Receipt::userId).collect(Collectors.toSet());
        assertThat(readers).hasSize(MEMBERS - 1);
        // A member is told of their own receipt (for their other devices), of nobody else's.
        for (MemberSocket socket : sockets) {
            assertThat(socket.receiptsAbout()).allMatch(socket.userId()::equals);
        }
        if (backend == Backend.POSTGRES_REDIS) {
            long writes = settledMemberRowUpdates(server, updatesBefore + MEMBERS - 1) - updatesBefore;
            System.out.printf("RECEIPT-WRITES [%s]: receipts=%d member-rows-updated=%d per-receipt=%.2f (group of %d)%n",
                    backend, MEMBERS - 1, writes, writes / (double) (MEMBERS - 1), MEMBERS);
            assertThat(writes).isEqualTo(MEMBERS - 1);
        }
    }

    private void offlineMembersCatchUpBySync(ParleyClient client, DeviceSocketClient ownerSocket, List<MemberSocket> offline,
                                             ConversationView group, long lastSeq) {
        offline.forEach(MemberSocket::close);
        List<Long> missed = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            missed.add(ownerSocket.sendText(group.id(), "while 50 are away " + i).seq());
        }
        for (MemberSocket away : offline) {
            try (DeviceSocketClient back = client.connect(away.session())) {
                DeviceSocketClient.SyncResult synced = back.syncAll(List.of(SyncCursor.of(group.id(), lastSeq)), 200);
                assertThat(synced.messages()).extracting(MessageView::seq).containsExactlyElementsOf(missed);
            }
        }
    }

    private void theFiveHundredAndFirstIsRefused(ParleyClient client, Session owner, ConversationView group) {
        Session extra = client.login(client.register("extra"), "Laptop");
        Response added = client.onConversation("POST", group.id(), "/members", owner,
                Map.of("usernames", List.of(extra.account().username())));
        assertThat(added.status()).isEqualTo(409);
        assertThat(added.errorCode()).isEqualTo("group_full");
        assertThat(added.errorMessage()).contains("500");

        String code = client.get("/api/v1/conversations/" + group.id() + "/invite", owner.token()).as(InviteView.class).code();
        Response joined = client.post("/api/v1/group-invites/" + code + "/join", extra.token(), "{}");
        assertThat(joined.status()).isEqualTo(409);
        assertThat(joined.errorCode()).isEqualTo("group_full");
        assertThat(client.get("/api/v1/conversations/" + group.id(), owner.token()).as(ConversationView.class).members())
                .hasSize(MEMBERS);
        assertThat(client.get("/api/v1/conversations/" + group.id(), extra.token()).status()).isEqualTo(404);
    }

    /**
     * Member rows updated in the test database so far, as PostgreSQL counts them. Nothing but a receipt
     * updates a member row while membership stays put (adding a member inserts or revives one).
     */
    private static long memberRowUpdates(TestServer server) throws Exception {
        if (server.backend() != Backend.POSTGRES_REDIS) {
            return 0;
        }
        try (Connection db = server.openJdbc(); Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT n_tup_upd FROM pg_stat_user_tables WHERE relname = 'conversation_members'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** PostgreSQL publishes a session's counts when it goes idle, within seconds: wait until they stop moving. */
    private static long settledMemberRowUpdates(TestServer server, long atLeast) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long last = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = memberRowUpdates(server);
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            } else if (now >= atLeast && System.nanoTime() - stableSince > TimeUnit.SECONDS.toNanos(3)) {
                return now;
            }
            Thread.sleep(200);
        }
        return last;
    }

    private static List<Long> seqRange(long from, long to) {
        List<Long> seqs = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            seqs.add(seq);
        }
        return seqs;
    }

    /**
     * One member's device, lean enough for hundreds in one test: all share one HTTP client, and each
     * keeps only what the test checks.
     */
    private static final class MemberSocket implements WebSocket.Listener {
        private final Session session;
        private final ConversationId group;
        private final List<Long> seqs = new ArrayList<>();
        private final Map<MessageId, Long> arrivals = new ConcurrentHashMap<>();
        private final List<UserId> receiptsAbout = new ArrayList<>();
        private final Map<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
        private final CountDownLatch created = new CountDownLatch(1);
        private final StringBuilder partial = new StringBuilder();
        private volatile CountDownLatch waiting;
        private WebSocket socket;

        private MemberSocket(Session session, ConversationId group) {
            this.session = session;
            this.group = group;
        }

        static MemberSocket open(HttpClient http, URI ws, Session session, ConversationId group) throws Exception {
            MemberSocket member = new MemberSocket(session, group);
            member.socket = http.newWebSocketBuilder().header("Authorization", "Bearer " + session.token())
                    .buildAsync(ws, member).get(20, TimeUnit.SECONDS);
            CompletableFuture<Void> synced = member.sendAndAwaitOk(new ClientFrame.Sync(DeviceSocketClient.newRequestId(),
                    List.of(), 10));
            synced.get(20, TimeUnit.SECONDS);
            return member;
        }

        Session session() {
            return session;
        }

        UserId userId() {
            return session.userId();
        }

        void expect(CountDownLatch latch) {
            waiting = latch;
        }

        long arrivalOf(MessageId id) {
            return arrivals.get(id);
        }

        synchronized List<Long> seqs() {
            return List.copyOf(seqs);
        }

        synchronized List<UserId> receiptsAbout() {
            return List.copyOf(receiptsAbout);
        }

        synchronized void clearReceipts() {
            receiptsAbout.clear();
        }

        CompletableFuture<Void> sendAndAwaitOk(ClientFrame frame) {
            CompletableFuture<Void> answered = new CompletableFuture<>();
            pending.put(frame.requestId(), answered);
            synchronized (this) {
                socket.sendText(CODEC.encode(frame), true).join();
            }
            return answered;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long at = System.nanoTime();
            partial.append(data);
            if (last) {
                ServerFrame frame = CODEC.decode(partial.toString(), ServerFrame.class);
                partial.setLength(0);
                handle(frame, at);
            }
            webSocket.request(1);
            return null;
        }

        private void handle(ServerFrame frame, long at) {
            switch (frame) {
                case ServerFrame.Message m when m.message().conversationId().equals(group)
                        && m.message().kind() == MessageKind.TEXT -> {
                    synchronized (this) {
                        seqs.add(m.message().seq());
                    }
                    arrivals.put(m.message().id(), at);
                    CountDownLatch latch = waiting;
                    if (latch != null) {
                        latch.countDown();
                    }
                }
                case ServerFrame.Receipt r -> {
                    synchronized (this) {
                        receiptsAbout.add(r.userId());
                    }
                }
                case ServerFrame.SyncBatch batch -> complete(batch.requestId(), null);
                case ServerFrame.Ok ok -> complete(ok.requestId(), null);
                case ServerFrame.Error error -> complete(error.requestId(), error);
                default -> {
                }
            }
        }

        private void complete(String requestId, ServerFrame.Error error) {
            CompletableFuture<Void> answered = requestId == null ? null : pending.remove(requestId);
            if (answered != null) {
                if (error == null) {
                    answered.complete(null);
                } else {
                    answered.completeExceptionally(new AssertionError(error.code() + ": " + error.message()));
                }
            }
        }

        void close() {
            if (!socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
            }
            socket.abort();
        }
    }
}
