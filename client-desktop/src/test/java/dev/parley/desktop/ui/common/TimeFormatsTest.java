package dev.parley.desktop.ui.common;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** Times read as people say them, in the user's zone. */
class TimeFormatsTest {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    private final TimeFormats formats = new TimeFormats(Clock.fixed(Instant.parse("2026-03-14T15:00:00Z"), ZONE));

    @Test
    void lastSeenSaysTodayYesterdayOrTheDate() {
        assertThat(formats.lastSeen(Instant.parse("2026-03-14T13:05:00Z"))).isEqualTo("last seen today at 14:05");
        assertThat(formats.lastSeen(Instant.parse("2026-03-13T08:12:00Z"))).isEqualTo("last seen yesterday at 09:12");
        assertThat(formats.lastSeen(Instant.parse("2026-03-03T17:40:00Z"))).isEqualTo("last seen 3 Mar at 18:40");
        assertThat(formats.lastSeen(Instant.parse("2025-12-24T17:40:00Z"))).isEqualTo("last seen 24 Dec 2025 at 18:40");
    }

    @Test
    void dayHeadingsSayTodayYesterdayOrTheDate() {
        assertThat(formats.dayHeading(LocalDate.of(2026, 3, 14))).isEqualTo("Today");
        assertThat(formats.dayHeading(LocalDate.of(2026, 3, 13))).isEqualTo("Yesterday");
        assertThat(formats.dayHeading(LocalDate.of(2026, 3, 2))).isEqualTo("Monday, 2 March");
        assertThat(formats.dayHeading(LocalDate.of(2025, 3, 2))).isEqualTo("2 March 2025");
    }

    @Test
    void theDayOfAMessageIsTheUsersLocalDay() {
        // 23:30 UTC on the 13th is already the 14th in Berlin.
        assertThat(formats.day(Instant.parse("2026-03-13T23:30:00Z"))).isEqualTo(LocalDate.of(2026, 3, 14));
    }
}
