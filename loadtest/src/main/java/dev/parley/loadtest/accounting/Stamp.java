package dev.parley.loadtest.accounting;

/**
 * What every load-test message carries in its text: which phase and sender it belongs to, the
 * sender's counter, and the intended send time (nanoseconds on the run's clock), padded to a size:
 * {@code lt:<phase>:<sender>:<counter>:<intendedNanos>:xxxx…}. The receiver learns everything it
 * checks from the text itself.
 */
public record Stamp(int phase, int sender, long counter, long intendedNanos) {
    private static final String PREFIX = "lt:";

    public String text(int size) {
        StringBuilder text = new StringBuilder(size).append(PREFIX).append(phase).append(':').append(sender).append(':')
                .append(counter).append(':').append(intendedNanos).append(':');
        while (text.length() < size) {
            text.append('x');
        }
        return text.toString();
    }

    /** The request id of this message's send frame, which its ack echoes: {@code s.<phase>.<counter>.<intendedNanos>}. */
    public String requestId() {
        return "s." + phase + "." + counter + "." + intendedNanos;
    }

    /** The stamp of a load-test text, or null for any other text. */
    public static Stamp parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) {
            return null;
        }
        long[] fields = new long[4];
        int at = PREFIX.length();
        for (int f = 0; f < 4; f++) {
            int end = text.indexOf(':', at);
            if (end < 0) {
                return null;
            }
            try {
                fields[f] = Long.parseLong(text, at, end, 10);
            } catch (NumberFormatException e) {
                return null;
            }
            at = end + 1;
        }
        return new Stamp((int) fields[0], (int) fields[1], fields[2], fields[3]);
    }

    /** The phase, counter and intended time of a send's request id, or null for other request ids. */
    public static Stamp parseRequestId(int sender, String requestId) {
        if (requestId == null || !requestId.startsWith("s.")) {
            return null;
        }
        String[] parts = requestId.split("\\.");
        if (parts.length != 4) {
            return null;
        }
        try {
            return new Stamp(Integer.parseInt(parts[1]), sender, Long.parseLong(parts[2]), Long.parseLong(parts[3]));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
