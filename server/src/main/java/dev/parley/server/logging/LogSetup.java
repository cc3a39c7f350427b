package dev.parley.server.logging;

import java.util.Locale;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Applies the log settings on top of logging.properties: the format of every console line (readable
 * text by default, or JSON lines) and how much Parley itself logs.
 */
public final class LogSetup {
    private LogSetup() {
    }

    /** Refuses a format or level {@link #apply} would not understand, with a message naming the setting. */
    public static void check(String format, String level) {
        formatter(format);
        parseLevel(level);
    }

    /** {@code format}: {@code text} or {@code json}; {@code level}: a java.util.logging level name. */
    public static void apply(String format, String level) {
        Level parleyLevel = parseLevel(level);
        Formatter formatter = formatter(format);
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            if (formatter != null) {
                handler.setFormatter(formatter);
            }
            if (handler.getLevel().intValue() > parleyLevel.intValue()) {
                handler.setLevel(parleyLevel);
            }
        }
        Logger.getLogger("dev.parley").setLevel(parleyLevel);
    }

    /** The formatter for {@code format}, or null for text (logging.properties' own). */
    private static Formatter formatter(String format) {
        return switch (format.strip().toLowerCase(Locale.ROOT)) {
            case "text" -> null;
            case "json" -> new JsonLineFormatter();
            default -> throw new IllegalArgumentException("log-format must be text or json, got " + format);
        };
    }

    static Level parseLevel(String level) {
        try {
            return Level.parse(level.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("log-level must be one of SEVERE, WARNING, INFO, CONFIG, FINE, FINER, "
                    + "FINEST, ALL, OFF; got " + level, e);
        }
    }
}
