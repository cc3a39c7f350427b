package dev.parley.protocol;

import dev.parley.protocol.codec.ClientFrameDecoding;
import dev.parley.protocol.codec.JsonCodec;
import dev.parley.protocol.ids.ConversationId;
import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.ids.MessageId;
import dev.parley.protocol.ids.UserId;
import dev.parley.protocol.model.MessageKind;
import dev.parley.protocol.model.MessageView;
import dev.parley.protocol.model.SyncCursor;
import dev.parley.protocol.ws.ClientFrame;
import dev.parley.protocol.ws.ServerFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class JsonCodecTest {
    private final JsonCodec codec = new JsonCodec();
    private final ConversationId conversation = new ConversationId(UUID.randomUUID());

    @Test
    void everyClientFrameSurvivesEncodeAndDecode() {
        List<ClientFrame> frames = List.of(
                new ClientFrame.Send("r1", conversation, UUID.randomUUID(), "hi 👋"),
                new ClientFrame.Sync("r2", List.of(SyncCursor.of(conversation, 7)), 50),
                new ClientFrame.MarkDelivered("r3", conversation, 4L),
                new ClientFrame.MarkRead("r4", conversation, 4L),
                new ClientFrame.Typing(null, conversation),
                new ClientFrame.Ping("r6"));
        for (ClientFrame frame : frames) {
            String json = codec.encode(frame);
            assertThat(json).contains("\"type\":");
            assertThat(codec.decodeClientFrame(json)).isEqualTo(new ClientFrameDecoding.Decoded(frame));
        }
    }

    @Test
    void serverFramesSurviveEncodeAndDecodeWithTimesAsIsoStrings() {
        Instant at = Instant.parse("2026-11-21T10:15:30.123Z");
        ServerFrame message = new ServerFrame.Message(new MessageView(new MessageId(UUID.randomUUID()), conversation, 3,
                MessageKind.TEXT, new UserId(UUID.randomUUID()), new DeviceId(UUID.randomUUID()), UUID.randomUUID(),
                "text", null, at));
        String json = codec.encode(message);

        assertThat(json).contains("\"sentAt\":\"2026-11-21T10:15:30.123Z\"").contains("\"kind\":\"text\"")
                .doesNotContain("subjectUserId");
        assertThat(codec.decodeServerFrame(json)).isEqualTo(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "string for a number   | {\"type\":\"markRead\",\"requestId\":\"a1\",\"conversationId\":\"%s\",\"upToSeq\":\"5\"}       | invalid_field",
            "number for a string   | {\"type\":\"send\",\"requestId\":\"a1\",\"conversationId\":\"%s\",\"clientMessageId\":\"%s\",\"text\":12} | invalid_field",
            "not a uuid            | {\"type\":\"typing\",\"requestId\":\"a1\",\"conversationId\":\"nope\"}                        | invalid_field",
            "missing field         | {\"type\":\"markRead\",\"requestId\":\"a1\",\"conversationId\":\"%s\"}                         | missing_field",
            "unknown type          | {\"type\":\"explode\",\"requestId\":\"a1\"}                                                   | unknown_type",
            "no type               | {\"requestId\":\"a1\"}                                                                        | missing_field",
            "duplicate key         | {\"type\":\"ping\",\"requestId\":\"a1\",\"requestId\":\"a2\"}                                 | bad_json",
            "negative seq          | {\"type\":\"markRead\",\"requestId\":\"a1\",\"conversationId\":\"%s\",\"upToSeq\":-1}         | invalid_field",
            "bad request id        | {\"type\":\"ping\",\"requestId\":\"a1 with spaces\"}                                          | invalid_request_id",
    })
    void badFramesAreRejectedWithACodeAndKeepTheirRequestId(String description, String template, String code) {
        String json = template.formatted(conversation, UUID.randomUUID());

        ClientFrameDecoding decoding = codec.decodeClientFrame(json);

        assertThat(decoding).isInstanceOfSatisfying(ClientFrameDecoding.Rejected.class, rejected -> {
            assertThat(rejected.code()).as(description).isEqualTo(code);
            assertThat(rejected.message()).isNotBlank();
            if (!code.equals("bad_json") && !code.equals("invalid_request_id")) {
                assertThat(rejected.requestId()).isEqualTo("a1");
            }
        });
    }

    @Test
    void malformedJsonHasNoRequestId() {
        assertThat(codec.decodeClientFrame("{\"type\":\"ping\",")).isInstanceOfSatisfying(
                ClientFrameDecoding.Rejected.class, r -> {
                    assertThat(r.code()).isEqualTo("bad_json");
                    assertThat(r.requestId()).isNull();
                });
    }
}
