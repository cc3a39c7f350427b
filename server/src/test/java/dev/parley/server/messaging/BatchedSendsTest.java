package dev.parley.server.messaging;

import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MessageKind;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.rest.HistoryPage;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.support.Backend;
import dev.parley.server.support.DeviceSocketClient;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.ParleyClient.Session;
import dev.parley.server.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends into many conversations at once, so that the group commit stores many conversations in one
 * transaction, mixed with sends that must be refused and resends racing each other: every conversation
 * still ends with a gapless log of exactly the acknowledged messages, each once.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class BatchedSendsTest {
    private static final int USERS = 6;
    private static final int MESSAGES_PER_SOCKET = 30;

    @Parameter
    Backend backend;

    @Test
    void manyConversationsAtOnceKeepGaplessLogsWithRefusalsAndRacingResendsMixedIn() throws Exception {
        try (TestServer server = TestServer.start(backend, Map.of("PARLEY_FRAMES_PER_SECOND", "100000",
                "PARLEY_FRAME_BURST", "100000"))) {
            ParleyClient client = server.client();
            List<Session> users = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                users.add(client.login(client.register("user" + i), "Laptop"));
            }
            Session outsider = client.login(client.register("outsider"), "Laptop");
            record Lane(Session sender, ConversationView chat) {
            }
            List<Lane> lanes = new ArrayList<>();
            Set<ConversationId> chats = ConcurrentHashMap.newKeySet();
            for (int a = 0; a < USERS; a++) {
                for (int b = 0; b < USERS; b++) {
                    if (a != b) {
                        ConversationView chat = client.startDirect(users.get(a), users.get(b).account().username());
                        // One device per lane: a device has one socket, and a second one replaces the first.
                        lanes.add(new Lane(client.login(users.get(a).account(), "Lane " + b), chat));
                        chats.add(chat.id());
                    }
                }
            }
            Map<ConversationId, Set<UUID>> acked = new ConcurrentHashMap<>();
            List<String> refusals = java.util.Collections.synchronizedList(new ArrayList<>());
            List<ServerFrame.Ack> racingAcks = java.util.Collections.synchronizedList(new ArrayList<>());
            UUID racedId = UUID.randomUUID();
            ConversationView racedChat = lanes.getFirst().chat();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> work = new ArrayList<>();
                for (Lane lane : lanes) {
                    work.add(pool.submit(() -> {
                        try (DeviceSocketClient socket = client.connect(lane.sender())) {
                            for (int i = 0; i < MESSAGES_PER_SOCKET; i++) {
                                UUID id = UUID.randomUUID();
                                ServerFrame answer = socket.sendMessage(lane.chat().id(), id, "m" + i);
                                assertThat(answer).isInstanceOf(ServerFrame.Ack.class);
                                acked.computeIfAbsent(lane.chat().id(), k -> ConcurrentHashMap.newKeySet()).add(id);
                            }
                        }
                        return null;
                    }));
                }
                work.add(pool.submit(() -> {
                    try (DeviceSocketClient socket = client.connect(outsider)) {
                        for (int i = 0; i < MESSAGES_PER_SOCKET; i++) {
                            ServerFrame answer = socket.sendMessage(racedChat.id(), UUID.randomUUID(), "let me in");
                            refusals.add(answer instanceof ServerFrame.Error error ? error.code() : "accepted!");
                        }
                    }
                    return null;
                }));
                for (int device = 0; device < 3; device++) {
                    Session sameUser = client.login(lanes.getFirst().sender().account(), "Racer " + device);
                    work.add(pool.submit(() -> {
                        try (DeviceSocketClient socket = client.connect(sameUser)) {
                            racingAcks.add((ServerFrame.Ack) socket.sendMessage(racedChat.id(), racedId, "once only"));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) {
                    f.get();
                }
            }

            assertThat(refusals).hasSize(MESSAGES_PER_SOCKET).containsOnly("conversation_not_found");
            assertThat(racingAcks).extracting(ServerFrame.Ack::seq).containsOnly(racingAcks.getFirst().seq());
            assertThat(racingAcks).filteredOn(ack -> !ack.duplicate()).hasSize(1);
            int total = 0;
            for (ConversationId chat : chats) {
                List<MessageView> log = history(client, chat, lanes.stream().filter(l -> l.chat().id().equals(chat))
                        .findFirst().orElseThrow().sender());
                assertThat(log).extracting(MessageView::seq).as("gapless log").containsExactlyElementsOf(
                        java.util.stream.LongStream.rangeClosed(1, log.size()).boxed().toList());
                Set<UUID> texts = log.stream().filter(m -> m.kind() == MessageKind.TEXT).map(MessageView::clientMessageId)
                        .collect(Collectors.toSet());
                Set<UUID> expected = new java.util.HashSet<>(acked.getOrDefault(chat, Set.of()));
                if (chat.equals(racedChat.id())) {
                    expected.add(racedId);
                }
                assertThat(texts).isEqualTo(expected);
                assertThat(log.stream().filter(m -> m.kind() == MessageKind.TEXT).count()).isEqualTo(expected.size());
                total += texts.size();
            }
            System.out.printf("BATCHED-SENDS [%s]: conversations=%d stored=%d refused=%d racing-resends=%d -> 1%n",
                    backend, chats.size(), total, refusals.size(), racingAcks.size());
        }
    }

    private static List<MessageView> history(ParleyClient client, ConversationId chat, Session reader) {
        List<MessageView> all = new ArrayList<>();
        Long before = null;
        do {
            HistoryPage page = client.get("/api/v1/conversations/" + chat + "/messages?limit=200"
                    + (before == null ? "" : "&before=" + before), reader.token()).as(HistoryPage.class);
            all.addAll(page.messages());
            before = page.nextBefore();
        } while (before != null);
        return all.reversed();
    }
}
