package dev.parley.protocol;

/** The protocol's size limits, shared by server and clients so both enforce the same numbers. */
public final class Limits {
    /** Message text length, counted in Unicode code points (an emoji like 😀 counts 1, 👍🏽 counts 2). */
    public static final int MAX_TEXT_CODE_POINTS = 100_000;
    /**
     * Largest WebSocket message the server accepts. 100,000 code points written as JSON escapes of
     * surrogate pairs take 12 bytes each (1.2 MB), so 2 MiB leaves room for the frame's other fields.
     */
    public static final int MAX_FRAME_BYTES = 2 * 1024 * 1024;
    public static final int MIN_USERNAME_LENGTH = 3;
    public static final int MAX_USERNAME_LENGTH = 32;
    public static final int MAX_DISPLAY_NAME_CODE_POINTS = 64;
    public static final int MAX_EMAIL_LENGTH = 254;
    public static final int MIN_PASSWORD_CODE_POINTS = 8;
    public static final int MAX_PASSWORD_CODE_POINTS = 128;
    public static final int MAX_DEVICE_NAME_CODE_POINTS = 64;
    public static final int MAX_REQUEST_ID_LENGTH = 64;
    public static final int MAX_GROUP_NAME_CODE_POINTS = 100;
    public static final int MAX_GROUP_DESCRIPTION_CODE_POINTS = 1_000;
    /** Default largest group; a server may configure another. */
    public static final int DEFAULT_MAX_GROUP_MEMBERS = 500;
    /** Largest group picture (PNG or JPEG). */
    public static final int MAX_AVATAR_BYTES = 256 * 1024;
    /** Most usernames one create-group or add-members request may name. */
    public static final int MAX_USERNAMES_PER_REQUEST = 500;
    public static final int MAX_SYNC_PAGE = 500;
    public static final int DEFAULT_SYNC_PAGE = 200;
    public static final int MAX_HISTORY_PAGE = 200;
    public static final int DEFAULT_HISTORY_PAGE = 50;

    private Limits() {
    }
}
