package dev.parley.desktop.core;

import dev.parley.desktop.core.model.ChatEvent;
import dev.parley.desktop.core.store.LocalStore;
import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.MessageId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.MessageKind;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.model.UserView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Unknown people are asked about once each, in batches, only online, and their chats are told. */
class PeopleLookupTest {
    @TempDir
    Path dir;

    private final UserId me = user();
    private final ConversationId book = new ConversationId(UUID.randomUUID());
    private final ConversationId chess = new ConversationId(UUID.randomUUID());
    private final UserId dave = user();
    private final UserId erin = user();

    private final Deque<Runnable> executor = new ArrayDeque<>();
    private final List<UserId> asked = new ArrayList<>();
    private final Map<UserId, RuntimeException> failures = new HashMap<>();
    private final List<ChatEvent> events = new ArrayList<>();
    private boolean online = true;
    private LocalStore store;
    private PeopleLookup people;

    @BeforeEach
    void open() {
        store = LocalStore.open(dir);
        people = new PeopleLookup(me, store, (chat, user) -> {
            asked.add(user);
            RuntimeException failure = failures.get(user);
            if (failure != null) {
                throw failure;
            }
            return new UserView(user, "user_" + user.toString().substring(0, 4), user.equals(dave) ? "Dave" : "Erin");
        }, executor::add, () -> online, events::add);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static UserId user() {
        return new UserId(UUID.randomUUID());
    }

    private void runQueued() {
        while (!executor.isEmpty()) {
            executor.poll().run();
        }
    }

    private String name(UserId user) {
        return store.person(user).map(LocalStore.Person::displayName).orElse("Someone");
    }

    @Test
    void everyoneUnknownIsAskedAboutOnceInOneBatchAndTheirChatsAreTold() {
        for (int i = 0; i < 50; i++) {
            people.need(book, dave);
            people.need(chess, dave);
            people.need(book, erin);
        }
        assertThat(executor).hasSize(1);
        assertThat(asked).isEmpty();

        runQueued();

        assertThat(asked).containsExactly(dave, erin);
        assertThat(name(dave)).isEqualTo("Dave");
        assertThat(name(erin)).isEqualTo("Erin");
        assertThat(events).containsExactly(new ChatEvent.MessagesChanged(book), new ChatEvent.MessagesChanged(chess),
                new ChatEvent.ChatsChanged());

        people.need(book, dave);
        people.entry(entry(book, MessageKind.MEMBER_REMOVED, me, erin));
        people.lookUpNoted();
        assertThat(executor).isEmpty();
        assertThat(asked).hasSize(2);
    }

    @Test
    void knownPeopleAndTheUserAreNeverAskedAbout() {
        store.savePerson(new LocalStore.Person(dave, "dave", "Dave"));
        people.need(book, dave);
        people.need(book, me);
        people.entry(entry(book, MessageKind.MEMBER_JOINED, me, dave));
        people.lookUpNoted();

        assertThat(executor).isEmpty();
        assertThat(asked).isEmpty();
    }

    @Test
    void appliedEntriesAreOnlyNotedAndWhomTheSyncAfterThemNamedIsNotAskedAbout() {
        people.entry(entry(book, MessageKind.MEMBER_JOINED, erin, dave));
        assertThat(executor).isEmpty();

        people.lookUpNoted();
        assertThat(executor).hasSize(1);
        // The catch-up queued before the lookup brings Dave as a member.
        store.savePerson(new LocalStore.Person(dave, "dave", "Dave"));
        runQueued();

        assertThat(asked).containsExactly(erin);
    }

    @Test
    void offlineNobodyIsAskedUntilTheNextSync() {
        online = false;
        people.need(book, dave);
        runQueued();
        people.need(book, dave);
        runQueued();
        assertThat(asked).isEmpty();

        online = true;
        people.retry();
        runQueued();
        assertThat(asked).containsExactly(dave);
        assertThat(name(dave)).isEqualTo("Dave");
    }

    @Test
    void aFailureThatMayPassIsTriedAfterTheNextSyncOnlyAndANoIsFinal() {
        failures.put(dave, new ClientException("server_unreachable", "down"));
        failures.put(erin, new ClientException("member_not_found", "never a member"));
        people.need(book, dave);
        people.need(book, erin);
        runQueued();
        assertThat(asked).containsExactly(dave, erin);
        assertThat(events).isEmpty();

        // Rendering again asks nobody: Dave waits for the next sync, Erin is settled as unknown.
        people.need(book, dave);
        people.need(chess, erin);
        runQueued();
        assertThat(asked).hasSize(2);

        failures.clear();
        people.retry();
        runQueued();
        assertThat(asked).containsExactly(dave, erin, dave);
        assertThat(name(dave)).isEqualTo("Dave");
        assertThat(name(erin)).isEqualTo("Someone");
        assertThat(events).containsExactly(new ChatEvent.MessagesChanged(book), new ChatEvent.ChatsChanged());
    }

    private static MessageView entry(ConversationId chat, MessageKind kind, UserId sender, UserId subject) {
        return new MessageView(new MessageId(UUID.randomUUID()), chat, 3, kind, sender, null, null, null, subject,
                Instant.now());
    }
}
