package dev.parley.server.sync;

import dev.parley.protocol.ids.MessageId;
import dev.parley.protocol.model.ConversationView;
import dev.parley.protocol.model.MessageKind;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.model.SyncCursor;
import dev.parley.protocol.rest.HistoryPage;
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

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A device that was away gets everything it missed, in order, in pages; history reads newest first. */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class DeltaSyncTest {
    @Parameter
    Backend backend;

    private ParleyClient client;
    private Session quinn;
    private Session ruth;
    private ConversationView chat;

    @BeforeEach
    void chatBetweenTwo() {
        client = TestServer.shared(backend).client();
        quinn = client.login(client.register("quinn"), "Laptop");
        Account ruthAccount = client.register("ruth");
        ruth = client.login(ruthAccount, "Desktop");
        chat = client.startDirect(quinn, ruthAccount.username());
    }

    @Test
    void anOfflineRecipientCatchesUpOnEverythingInOrderAcrossPages() {
        List<SyncCursor> ruthCursors;
        try (DeviceSocketClient ruthSocket = client.connect(ruth)) {
            ruthCursors = ruthSocket.syncAll(List.of(), 100).cursors();
        }
        assertThat(ruthCursors).containsExactly(SyncCursor.of(chat.id(), 2));
        List<MessageId> sent = new ArrayList<>();
        try (DeviceSocketClient quinnSocket = client.connect(quinn)) {
            for (int i = 1; i <= 25; i++) {
                sent.add(quinnSocket.sendText(chat.id(), "message " + i).messageId());
            }
        }

        try (DeviceSocketClient ruthSocket = client.connect(ruth)) {
            DeviceSocketClient.SyncResult caughtUp = ruthSocket.syncAll(ruthCursors, 10);

            assertThat(caughtUp.pages()).isEqualTo(3);
            assertThat(caughtUp.messages()).extracting(MessageView::id).containsExactlyElementsOf(sent);
            assertThat(caughtUp.messages()).extracting(MessageView::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(3, 27).boxed().toList());
            assertThat(caughtUp.messages()).extracting(MessageView::text).startsWith("message 1", "message 2");
            assertThat(caughtUp.cursors()).containsExactly(SyncCursor.of(chat.id(), 27));
            assertThat(caughtUp.last().hasMore()).isFalse();
        }
    }

    @Test
    void aNewDeviceSyncsTheWholeLogFromTheStartIncludingMembershipEntries() {
        try (DeviceSocketClient quinnSocket = client.connect(quinn)) {
            quinnSocket.sendText(chat.id(), "first");
            quinnSocket.sendText(chat.id(), "second");
        }
        Session ruthPhone = client.login(ruth.account(), "Phone");
        try (DeviceSocketClient phone = client.connect(ruthPhone)) {
            DeviceSocketClient.SyncResult all = phone.syncAll(List.of(), 500);

            assertThat(all.messages()).extracting(MessageView::kind)
                    .containsExactly(MessageKind.MEMBER_JOINED, MessageKind.MEMBER_JOINED, MessageKind.TEXT, MessageKind.TEXT);
            assertThat(all.messages()).extracting(MessageView::text).endsWith("first", "second");
            assertThat(all.last().conversations()).extracting(ConversationView::id).containsExactly(chat.id());
        }
    }

    @Test
    void aSyncUpToDateReturnsNothingAndSaysSo() {
        try (DeviceSocketClient ruthSocket = client.connect(ruth)) {
            List<SyncCursor> cursors = ruthSocket.syncAll(List.of(), 100).cursors();
            DeviceSocketClient.SyncResult again = ruthSocket.syncAll(cursors, 100);

            assertThat(again.messages()).isEmpty();
            assertThat(again.pages()).isEqualTo(1);
            assertThat(again.cursors()).isEqualTo(cursors);
        }
    }

    @Test
    void liveMessagesAndSyncAgreeOnIdsAndSeqs() {
        try (DeviceSocketClient ruthSocket = client.connect(ruth); DeviceSocketClient quinnSocket = client.connect(quinn)) {
            ServerFrame.Ack ack = quinnSocket.sendText(chat.id(), "live");
            MessageView live = ruthSocket.await(ServerFrame.Message.class, m -> m.message().id().equals(ack.messageId())).message();
            MessageView synced = ruthSocket.syncAll(List.of(SyncCursor.of(chat.id(), ack.seq() - 1)), 10).messages().getFirst();

            assertThat(synced).isEqualTo(live);
        }
    }

    @Test
    void historyIsNewestFirstWithACursorToOlderPages() {
        try (DeviceSocketClient quinnSocket = client.connect(quinn)) {
            for (int i = 1; i <= 7; i++) {
                quinnSocket.sendText(chat.id(), "h" + i);
            }
        }
        String path = "/api/v1/conversations/" + chat.id() + "/messages";
        HistoryPage newest = client.get(path + "?limit=4", ruth.token()).as(HistoryPage.class);
        HistoryPage older = client.get(path + "?limit=4&before=" + newest.nextBefore(), ruth.token()).as(HistoryPage.class);
        HistoryPage oldest = client.get(path + "?limit=4&before=" + older.nextBefore(), ruth.token()).as(HistoryPage.class);

        assertThat(newest.messages()).extracting(MessageView::text).containsExactly("h7", "h6", "h5", "h4");
        assertThat(older.messages()).extracting(MessageView::seq).containsExactly(5L, 4L, 3L, 2L);
        assertThat(oldest.messages()).extracting(MessageView::seq).containsExactly(1L);
        assertThat(oldest.nextBefore()).isNull();
    }
}
