package dev.parley.server.storage.copy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * A digest of a table's rows that does not depend on the order they are read in (H2 and PostgreSQL
 * sort UUIDs differently): the sum of each row's SHA-256 prefix, with the row count. Two tables with
 * the same count and sum hold the same rows, barring a 64-bit collision.
 */
final class RowDigest {
    private final MessageDigest sha256;
    private long rows;
    private long sum;

    RowDigest() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds the current row of {@code rs}, whose columns are {@code columns} in this order. */
    void add(ResultSet rs, List<String> columns) throws SQLException {
        for (int i = 1; i <= columns.size(); i++) {
            Object value = rs.getObject(i);
            if (value == null) {
                sha256.update((byte) 0);
                continue;
            }
            byte[] bytes = value instanceof byte[] raw ? raw : canonical(value).getBytes(StandardCharsets.UTF_8);
            sha256.update((byte) 1);
            sha256.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
            sha256.update(bytes);
        }
        sum += ByteBuffer.wrap(sha256.digest()).getLong();
        rows++;
    }

    long rows() {
        return rows;
    }

    boolean sameAs(RowDigest other) {
        return rows == other.rows && sum == other.sum;
    }

    private static String canonical(Object value) {
        // Both drivers return UUID, Long, Integer, Boolean and String for Parley's column types; numbers are
        // compared by value so that an INTEGER read back as Long (or the reverse) still matches.
        if (value instanceof Number number) {
            return Long.toString(number.longValue());
        }
        return value.toString();
    }
}
