package dev.parley.server.conversations;

import dev.parley.protocol.model.ConversationKind;
import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MemberView;
import dev.parley.protocol.model.MessageKind;
import dev.parley.protocol.model.UserView;
import dev.parley.protocol.rest.ConversationList;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.support.Backend;
import dev.parley.server.support.DeviceSocketClient;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.ParleyClient.Account;
import dev.parley.server.support.ParleyClient.Response;
import dev.parley.server.support.ParleyClient.Session;
import dev.parley.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A direct chat is a conversation of two members, started by username or by invite link. */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class DirectChatTest {
    @Parameter
    Backend backend;

    private ParleyClient client;
    private Account olivia;
    private Account paul;
    private Session oliviaLaptop;
    private Session paulLaptop;

    @BeforeEach
    void twoUsers() {
        client = TestServer.shared(backend).client();
        olivia = client.register("olivia");
        paul = client.register("paul");
        oliviaLaptop = client.login(olivia, "Laptop");
        paulLaptop = client.login(paul, "Laptop");
    }

    @Test
    void startingByUsernameCreatesOneConversationWithBothMembersAndTheirJoins() {
        Response created = client.post("/api/v1/conversations/direct", oliviaLaptop.token(),
                Map.of("username", paul.username().toUpperCase()));

        assertThat(created.status()).isEqualTo(201);
        ConversationView chat = created.as(ConversationView.class);
        assertThat(chat.kind()).isEqualTo(ConversationKind.DIRECT);
        assertThat(chat.lastSeq()).isEqualTo(2);
        assertThat(chat.members()).extracting(MemberView::userId)
                .containsExactlyInAnyOrder(oliviaLaptop.userId(), paulLaptop.userId());
        var history = client.get("/api/v1/conversations/" + chat.id() + "/messages", paulLaptop.token())
                .as(dev.parley.protocol.rest.HistoryPage.class);
        assertThat(history.messages()).extracting(m -> m.kind()).containsOnly(MessageKind.MEMBER_JOINED);
        assertThat(history.messages()).extracting(m -> m.subjectUserId())
                .containsExactlyInAnyOrder(oliviaLaptop.userId(), paulLaptop.userId());
    }

    @Test
    void startingAgainFromEitherSideReturnsTheSameConversation() {
        ConversationView first = client.startDirect(oliviaLaptop, paul.username());

        Response again = client.post("/api/v1/conversations/direct", oliviaLaptop.token(), Map.of("username", paul.username()));
        Response fromPaul = client.post("/api/v1/conversations/direct", paulLaptop.token(), Map.of("username", olivia.username()));

        assertThat(again.status()).isEqualTo(200);
        assertThat(fromPaul.status()).isEqualTo(200);
        assertThat(again.as(ConversationView.class).id()).isEqualTo(first.id());
        assertThat(fromPaul.as(ConversationView.class).id()).isEqualTo(first.id());
        assertThat(client.get("/api/v1/conversations", paulLaptop.token()).as(ConversationList.class).conversations())
                .extracting(ConversationView::id).containsExactly(first.id());
    }

    @Test
    void anInviteLinkStartsAChatWithItsOwner() {
        String link = olivia.profile().invite().url();

        Response owner = client.get("/api/v1/invites/" + olivia.profile().invite().code(), paulLaptop.token());
        Response started = client.post("/api/v1/conversations/direct", paulLaptop.token(), Map.of("inviteCode", link));

        assertThat(owner.as(UserView.class).username()).isEqualTo(olivia.username());
        assertThat(started.status()).isEqualTo(201);
        assertThat(started.as(ConversationView.class).members()).extracting(MemberView::username)
                .containsExactlyInAnyOrder(olivia.username(), paul.username());
    }

    @Test
    void theOtherUsersConnectedDevicesHearOfTheNewConversationAtOnce() {
        try (DeviceSocketClient paulSocket = client.connect(paulLaptop)) {
            ConversationView chat = client.startDirect(oliviaLaptop, paul.username());

            ServerFrame.Conversation announced = paulSocket.await(ServerFrame.Conversation.class,
                    c -> c.conversation().id().equals(chat.id()));
            assertThat(announced.conversation().members()).hasSize(2);
            assertThat(paulSocket.await(ServerFrame.Message.class, m -> m.message().conversationId().equals(chat.id())
                    && m.message().seq() == 2).message().kind()).isEqualTo(MessageKind.MEMBER_JOINED);
        }
    }

    @Test
    void theConversationListShowsTheOtherMembersPresence() {
        ConversationView chat = client.startDirect(oliviaLaptop, paul.username());
        try (DeviceSocketClient ignored = client.connect(paulLaptop)) {
            ConversationList list = client.get("/api/v1/conversations", oliviaLaptop.token()).as(ConversationList.class);

            assertThat(list.conversations()).extracting(ConversationView::id).containsExactly(chat.id());
            assertThat(list.presence()).singleElement().satisfies(p -> {
                assertThat(p.userId()).isEqualTo(paulLaptop.userId());
                assertThat(p.online()).isTrue();
            });
        }
    }
}
