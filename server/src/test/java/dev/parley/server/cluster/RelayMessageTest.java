package dev.parley.server.cluster;

import dev.parley.protocol.ids.DeviceId;
import dev.parley.protocol.ids.UserId;
import dev.parley.server.realtime.EncodedFrame;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RelayMessageTest {
    private static final UserId ANN = new UserId(UUID.randomUUID());
    private static final UserId BEN = new UserId(UUID.randomUUID());
    private static final DeviceId PHONE = new DeviceId(UUID.randomUUID());

    @Test
    void aFrameWhoseJsonHoldsTheSeparatorSurvivesTheRoundTrip() {
        var frame = new RelayMessage.Frame("n1", PHONE, List.of(ANN, BEN),
                EncodedFrame.live("{\"text\":\"a|b||c\"}", 1_700_000_000_123L));
        assertThat(RelayMessage.decode(frame.encode())).isEqualTo(frame);
    }

    @Test
    void aFrameForEveryDeviceHasNoExcept() {
        var frame = new RelayMessage.Frame("n1", null, List.of(ANN), EncodedFrame.plain("{}"));
        assertThat(RelayMessage.decode(frame.encode())).isEqualTo(frame);
    }

    @Test
    void whatTheMetricsCountTravelsWithTheFrame() {
        var again = new RelayMessage.Frame("n1", PHONE, List.of(ANN), EncodedFrame.again("{}"));
        var page = new RelayMessage.Frame("n1", PHONE, List.of(ANN), new EncodedFrame("{}", EncodedFrame.Counted.SYNC, 3, 0));
        assertThat(RelayMessage.decode(again.encode())).isEqualTo(again);
        assertThat(RelayMessage.decode(page.encode())).isEqualTo(page);
    }

    @Test
    void endedSessionsAndSyncNeededSurviveTheRoundTrip() {
        var ended = new RelayMessage.SessionsEnded("n2", List.of(PHONE));
        var sync = new RelayMessage.SyncNeeded("n3", "resumed | after an outage");
        assertThat(RelayMessage.decode(ended.encode())).isEqualTo(ended);
        assertThat(RelayMessage.decode(sync.encode())).isEqualTo(sync);
    }

    @Test
    void somethingElseIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> RelayMessage.decode("X|n1|whatever"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unknown relay message kind");
        assertThatThrownBy(() -> RelayMessage.decode("F2|n1|-"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Bad frame relay message");
    }
}
