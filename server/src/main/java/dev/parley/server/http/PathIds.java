package dev.parley.server.http;

import java.util.UUID;

/** Path parameters that name things by UUID; a malformed one names nothing, so it is a 404. */
public final class PathIds {
    private PathIds() {
    }

    public static UUID uuid(String raw, String notFoundCode, String notFoundMessage) {
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound(notFoundCode, notFoundMessage);
        }
    }
}
