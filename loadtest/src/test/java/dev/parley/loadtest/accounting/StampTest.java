package dev.parley.loadtest.accounting;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StampTest {
    @Test
    void theTextCarriesTheStampAndIsPaddedToTheSize() {
        Stamp stamp = new Stamp(3, 42, 7, 123_456_789L);
        String text = stamp.text(100);

        assertThat(text).hasSize(100).startsWith("lt:3:42:7:123456789:");
        assertThat(Stamp.parse(text)).isEqualTo(stamp);
    }

    @Test
    void theRequestIdCarriesPhaseCounterAndIntendedTime() {
        Stamp stamp = new Stamp(-1, 9, 11, 5_000L);

        assertThat(stamp.requestId()).matches("[A-Za-z0-9._:-]{1,64}");
        assertThat(Stamp.parseRequestId(9, stamp.requestId())).isEqualTo(stamp);
    }

    @Test
    void otherTextsAndRequestIdsAreNotStamps() {
        assertThat(Stamp.parse("hello")).isNull();
        assertThat(Stamp.parse("lt:1:2")).isNull();
        assertThat(Stamp.parseRequestId(0, "p17")).isNull();
    }
}
