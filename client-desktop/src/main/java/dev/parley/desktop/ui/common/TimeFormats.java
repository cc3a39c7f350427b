package dev.parley.desktop.ui.common;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How times read in the app: "14:05", "Today", "last seen yesterday at 09:12". */
public final class TimeFormats {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter DAY_THIS_YEAR = DateTimeFormatter.ofPattern("EEEE, d MMMM", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter SHORT_DAY_THIS_YEAR = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
    private static final DateTimeFormatter SHORT_DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    private final Clock clock;

    public TimeFormats(Clock clock) {
        this.clock = clock;
    }

    public static TimeFormats system() {
        return new TimeFormats(Clock.systemDefaultZone());
    }

    public ZoneId zone() {
        return clock.getZone();
    }

    public LocalDate day(Instant instant) {
        return instant.atZone(zone()).toLocalDate();
    }

    public String time(Instant instant) {
        return TIME.format(instant.atZone(zone()));
    }

    /** A day separator in a chat. */
    public String dayHeading(LocalDate day) {
        LocalDate today = LocalDate.now(clock);
        if (day.equals(today)) {
            return "Today";
        }
        if (day.equals(today.minusDays(1))) {
            return "Yesterday";
        }
        return (day.getYear() == today.getYear() ? DAY_THIS_YEAR : DAY).format(day);
    }

    /** The time column of the chat list: a time today, "Yesterday", else a short date. */
    public String listTime(Instant instant) {
        if (instant == null) {
            return "";
        }
        ZonedDateTime at = instant.atZone(zone());
        LocalDate today = LocalDate.now(clock);
        LocalDate day = at.toLocalDate();
        if (day.equals(today)) {
            return TIME.format(at);
        }
        if (day.equals(today.minusDays(1))) {
            return "Yesterday";
        }
        return (day.getYear() == today.getYear() ? SHORT_DAY_THIS_YEAR : SHORT_DAY).format(day);
    }

    /** "last seen today at 14:05", "last seen yesterday at 09:12", "last seen 3 Mar at 18:40". */
    public String lastSeen(Instant instant) {
        if (instant == null) {
            return "offline";
        }
        ZonedDateTime at = instant.atZone(zone());
        LocalDate today = LocalDate.now(clock);
        LocalDate day = at.toLocalDate();
        String when;
        if (day.equals(today)) {
            when = "today";
        } else if (day.equals(today.minusDays(1))) {
            when = "yesterday";
        } else {
            when = (day.getYear() == today.getYear() ? SHORT_DAY_THIS_YEAR : SHORT_DAY).format(day);
        }
        return "last seen " + when + " at " + TIME.format(at);
    }
}
