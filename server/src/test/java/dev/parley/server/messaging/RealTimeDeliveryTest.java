package dev.parley.server.messaging;

import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MessageKind;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.ws.ServerFrame;
import dev.parley.server.support.Backend;
import dev.parley.server.support.DeviceSocketClient;
import dev.parley.server.support.ParleyClient;
import dev.parley.server.support.ParleyClient.Account;
import dev.parley.server.support.ParleyClient.Session;
import dev.parley.server.support.TestServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Two users, three devices: a message reaches every device of every member at once, after it is stored. */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class RealTimeDeliveryTest {
    @Parameter
    Backend backend;

    private ParleyClient client;
    private Session aliceLaptop;
    private Session alicePhone;
    private Session bobDesktop;
    private ConversationView chat;

    @BeforeEach
    void twoUsersThreeDevicesOneChat() {
        client = TestServer.shared(backend).client();
        Account alice = client.register("alice");
        Account bob = client.register("bob");
        aliceLaptop = client.login(alice, "Alice's laptop");
        alicePhone = client.login(alice, "Alice's phone");
        bobDesktop = client.login(bob, "Bob's desktop");
        chat = client.startDirect(aliceLaptop, bob.username());
    }

    @Test
    void messageReachesRecipientAndSendersOtherDevicesButNotTheSendingOne() {
        try (DeviceSocketClient laptop = client.connect(aliceLaptop);
             DeviceSocketClient phone = client.connect(alicePhone);
             DeviceSocketClient desktop = client.connect(bobDesktop)) {
            ServerFrame.Ack ack = laptop.sendText(chat.id(), "Hello Bob 👋");

            assertThat(ack.seq()).isEqualTo(3); // seq 1 and 2 are the two members joining
            assertThat(ack.duplicate()).isFalse();
            for (DeviceSocketClient device : new DeviceSocketClient[]{phone, desktop}) {
                MessageView delivered = device.await(ServerFrame.Message.class,
                        m -> m.message().id().equals(ack.messageId())).message();
                assertThat(delivered.text()).isEqualTo("Hello Bob 👋");
                assertThat(delivered.seq()).isEqualTo(ack.seq());
                assertThat(delivered.kind()).isEqualTo(MessageKind.TEXT);
                assertThat(delivered.senderId()).isEqualTo(aliceLaptop.userId());
                assertThat(delivered.senderDeviceId()).isEqualTo(aliceLaptop.deviceId());
            }
            assertThat(laptop.awaitWithin(ServerFrame.Message.class,
                    m -> m.message().id().equals(ack.messageId()), Duration.ofMillis(300))).isEmpty();
        }
    }
}
