package dev.parley.server.http;

import io.helidon.http.Status;

import java.time.Duration;
import java.util.Optional;

/**
 * A refusal with an HTTP status and a stable error code. The same exception answers WebSocket
 * requests, where it becomes an error frame with the same code and message.
 */
public final class ApiException extends RuntimeException {
    private final Status status;
    private final String code;
    private final Duration retryAfter;

    public ApiException(Status status, String code, String message) {
        this(status, code, message, null);
    }

    private ApiException(Status status, String code, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public static ApiException badRequest(String code, String message) {
        return new ApiException(Status.BAD_REQUEST_400, code, message);
    }

    public static ApiException notFound(String code, String message) {
        return new ApiException(Status.NOT_FOUND_404, code, message);
    }

    public static ApiException conflict(String code, String message) {
        return new ApiException(Status.CONFLICT_409, code, message);
    }

    public static ApiException forbidden(String code, String message) {
        return new ApiException(Status.FORBIDDEN_403, code, message);
    }

    /** The caller was in the conversation once (so they know it exists) but is not any more. */
    public static ApiException notAMember() {
        return forbidden("not_a_member", "You are no longer a member of this conversation");
    }

    public static ApiException unauthorized(String code, String message) {
        return new ApiException(Status.UNAUTHORIZED_401, code, message);
    }

    public static ApiException tooManyRequests(String message, Duration retryAfter) {
        return new ApiException(Status.TOO_MANY_REQUESTS_429, "too_many_attempts", message, retryAfter);
    }

    /** The answer for a conversation that does not exist and for one the caller is not in: the same. */
    public static ApiException conversationNotFound() {
        return notFound("conversation_not_found", "No such conversation");
    }

    public Status status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
