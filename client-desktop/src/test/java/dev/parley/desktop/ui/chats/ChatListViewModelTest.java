package dev.parley.desktop.ui.chats;

import dev.parley.desktop.core.ChatService;
import dev.parley.desktop.core.ParleyAccounts;
import dev.parley.desktop.host.LocalServerHost;
import dev.parley.desktop.ui.common.Tasks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat list's ViewModel without a window: core calls run on the test thread (both executors are
 * direct), against a real server and a real client core.
 */
class ChatListViewModelTest {
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;

    private LocalServerHost server;
    private ChatService alice;
    private ChatService bob;
    private ChatService carol;
    private ChatListViewModel viewModel;

    @BeforeEach
    void aliceHasTwoChats() {
        server = LocalServerHost.start(dir.resolve("server"), 0);
        alice = new ParleyAccounts(dir.resolve("alice")).register(server.localAddress(), "alice", "Alice", PASSWORD, "laptop");
        bob = new ParleyAccounts(dir.resolve("bob")).register(server.localAddress(), "bob", "Bob", PASSWORD, "phone");
        carol = new ParleyAccounts(dir.resolve("carol")).register(server.localAddress(), "carol", "Carol", PASSWORD, "phone");
        alice.startChat("bob");
        alice.startChat("carol");
        viewModel = new ChatListViewModel(alice, new Tasks(Runnable::run, Runnable::run));
        viewModel.reload();
    }

    @AfterEach
    void stop() {
        alice.close();
        bob.close();
        carol.close();
        server.close();
    }

    @Test
    void theFilterMatchesNamesAndUsernames() {
        assertThat(viewModel.visibleChats()).hasSize(2);
        viewModel.filterProperty().set("CAR");
        assertThat(viewModel.visibleChats()).extracting(c -> c.title()).containsExactly("Carol");
        viewModel.filterProperty().set("nobody");
        assertThat(viewModel.visibleChats()).isEmpty();
        viewModel.filterProperty().set("");
        assertThat(viewModel.visibleChats()).hasSize(2);
    }

    @Test
    void nextAndPreviousWrapAroundTheList() {
        viewModel.selectNext();
        var first = viewModel.selectedProperty().get();
        assertThat(first).isEqualTo(viewModel.visibleChats().get(0).id());
        viewModel.selectNext();
        assertThat(viewModel.selectedProperty().get()).isEqualTo(viewModel.visibleChats().get(1).id());
        viewModel.selectNext();
        assertThat(viewModel.selectedProperty().get()).isEqualTo(first);
        viewModel.selectPrevious();
        assertThat(viewModel.selectedProperty().get()).isEqualTo(viewModel.visibleChats().get(1).id());
    }

    @Test
    void anUnknownUsernameLeavesTheNewChatCardOpenWithTheReason() {
        viewModel.openNewChat();
        viewModel.newChatTargetProperty().set("nobody_here");
        viewModel.startNewChat();
        assertThat(viewModel.newChatOpenProperty().get()).isTrue();
        assertThat(viewModel.newChatErrorProperty().get()).isNotBlank().doesNotContain("Exception");
    }
}
