package dev.parley.desktop.ui.chat;

import dev.parley.desktop.core.ChatService;
import dev.parley.desktop.core.ParleyAccounts;
import dev.parley.desktop.host.LocalServerHost;
import dev.parley.desktop.ui.common.Tasks;
import dev.parley.desktop.ui.common.TimeFormats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sending from the open chat's ViewModel without a window: core calls run on the test thread (both
 * executors are direct), against a real server and a real client core.
 */
class ChatViewModelSendTest {
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;

    private LocalServerHost server;
    private ChatService alice;
    private ChatService bob;
    private ChatViewModel viewModel;

    @BeforeEach
    void aliceHasTheChatWithBobOpen() {
        server = LocalServerHost.start(dir.resolve("server"), 0);
        alice = new ParleyAccounts(dir.resolve("alice")).register(server.localAddress(), "alice", "Alice", PASSWORD, "laptop");
        bob = new ParleyAccounts(dir.resolve("bob")).register(server.localAddress(), "bob", "Bob", PASSWORD, "phone");
        alice.startChat("bob");
        viewModel = new ChatViewModel(alice, new Tasks(Runnable::run, Runnable::run), TimeFormats.system());
        viewModel.open(alice.chats().getFirst());
    }

    @AfterEach
    void stop() {
        alice.close();
        bob.close();
        server.close();
    }

    @Test
    void whenTheLocalCacheCannotTakeTheMessageTheTextStaysAndTheErrorSaysWhy() {
        viewModel.composeProperty().set("Lunch at one?");
        // A full disk cannot be staged here (the tests may run as root, and the cache's path is not
        // ours to mount), so the real cache fails another real way: the client is closed under the
        // ViewModel, and its cache throws the same LocalStore.StoreException a full disk does.
        alice.close();

        viewModel.send();

        assertThat(viewModel.errorProperty().get())
                .startsWith("Could not save your message: your disk may be full")
                .doesNotContain("Something went wrong")
                .doesNotContainIgnoringCase("database");
        assertThat(viewModel.composeProperty().get()).isEqualTo("Lunch at one?");
        assertThat(viewModel.rows()).noneMatch(row -> row instanceof ChatRow.Message m
                && "Lunch at one?".equals(m.message().text()));
    }
}
