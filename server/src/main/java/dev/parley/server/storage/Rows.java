package dev.parley.server.storage;

import io.helidon.dbclient.DbRow;

import java.time.Instant;
import java.util.UUID;

/** Typed reads of columns, in the one place that knows how each database returns them. */
public final class Rows {
    private Rows() {
    }

    /** The column's value as the driver returned it, or null. */
    private static Object raw(DbRow row, String column) {
        return row.column(column).get(Object.class);
    }

    public static UUID uuid(DbRow row, String column) {
        Object value = raw(row, column);
        if (value == null) {
            return null;
        }
        return value instanceof UUID uuid ? uuid : UUID.fromString(value.toString());
    }

    public static long longValue(DbRow row, String column) {
        Object value = raw(row, column);
        return ((Number) value).longValue();
    }

    public static Long nullableLong(DbRow row, String column) {
        Object value = raw(row, column);
        return value == null ? null : ((Number) value).longValue();
    }

    public static boolean bool(DbRow row, String column) {
        return Boolean.TRUE.equals(raw(row, column));
    }

    public static String string(DbRow row, String column) {
        Object value = raw(row, column);
        return value == null ? null : value.toString();
    }

    public static byte[] bytes(DbRow row, String column) {
        return (byte[]) raw(row, column);
    }

    /** Times are stored as epoch milliseconds (BIGINT): identical on H2 and PostgreSQL, no zone games. */
    public static Instant instant(DbRow row, String column) {
        Object value = raw(row, column);
        return value == null ? null : Instant.ofEpochMilli(((Number) value).longValue());
    }
}
