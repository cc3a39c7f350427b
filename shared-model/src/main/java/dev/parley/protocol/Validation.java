package dev.parley.protocol;

import java.util.Locale;
import java.util.regex.Pattern;

/** The input rules, as one set of checks that the records' constructors call. */
public final class Validation {
    private static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9_.]{2,31}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private Validation() {
    }

    public static <T> T required(T value, String field) {
        if (value == null) {
            throw new ProtocolException("missing_field", field + " is required");
        }
        return value;
    }

    /**
     * Usernames are case-insensitive: they are folded to lower case, then must be 3 to 32 characters
     * of a-z, 0-9, '_' and '.', starting with a letter.
     */
    public static String username(String raw) {
        String folded = required(raw, "username").strip().toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(folded).matches()) {
            throw new ProtocolException("invalid_username",
                    "A username is 3 to 32 characters: letters a-z, digits, '_' or '.', starting with a letter");
        }
        return folded;
    }

    /** True when {@code folded} (already lower case) could be a username; it says nothing of whether one exists. */
    public static boolean isPossibleUsername(String folded) {
        return USERNAME.matcher(folded).matches();
    }

    public static String displayName(String raw) {
        String name = required(raw, "displayName").strip();
        int length = name.codePointCount(0, name.length());
        if (length < 1 || length > Limits.MAX_DISPLAY_NAME_CODE_POINTS || hasControlOrLoneSurrogate(name)) {
            throw new ProtocolException("invalid_display_name",
                    "A display name is 1 to " + Limits.MAX_DISPLAY_NAME_CODE_POINTS + " printable characters");
        }
        return name;
    }

    public static String groupName(String raw) {
        String name = required(raw, "name").strip();
        int length = name.codePointCount(0, name.length());
        if (length < 1 || length > Limits.MAX_GROUP_NAME_CODE_POINTS || hasControlOrLoneSurrogate(name)) {
            throw new ProtocolException("invalid_group_name",
                    "A group name is 1 to " + Limits.MAX_GROUP_NAME_CODE_POINTS + " printable characters");
        }
        return name;
    }

    /** Optional: null means none given; blank means no description. Line breaks are allowed. */
    public static String groupDescription(String raw) {
        if (raw == null) {
            return null;
        }
        String description = raw.strip();
        int length = description.codePointCount(0, description.length());
        if (length > Limits.MAX_GROUP_DESCRIPTION_CODE_POINTS
                || hasControlOrLoneSurrogate(description.replace('\n', ' '))) {
            throw new ProtocolException("invalid_group_description",
                    "A group description is at most " + Limits.MAX_GROUP_DESCRIPTION_CODE_POINTS + " printable characters");
        }
        return description;
    }

    /** Optional: null or blank means no email. Stored folded to lower case so uniqueness ignores case. */
    public static String email(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String email = raw.strip().toLowerCase(Locale.ROOT);
        if (email.length() > Limits.MAX_EMAIL_LENGTH || !EMAIL.matcher(email).matches()
                || hasControlOrLoneSurrogate(email)) {
            throw new ProtocolException("invalid_email", "That does not look like an email address");
        }
        return email;
    }

    /** Passwords are taken exactly as given (no trimming, no truncation), 8 to 128 code points. */
    public static String password(String raw, String field) {
        String password = required(raw, field);
        int length = password.codePointCount(0, password.length());
        if (length < Limits.MIN_PASSWORD_CODE_POINTS || length > Limits.MAX_PASSWORD_CODE_POINTS) {
            throw new ProtocolException("invalid_password", "A password is " + Limits.MIN_PASSWORD_CODE_POINTS
                    + " to " + Limits.MAX_PASSWORD_CODE_POINTS + " characters");
        }
        return password;
    }

    public static String deviceName(String raw) {
        if (raw == null || raw.isBlank()) {
            return "Unnamed device";
        }
        String name = raw.strip();
        if (name.codePointCount(0, name.length()) > Limits.MAX_DEVICE_NAME_CODE_POINTS
                || hasControlOrLoneSurrogate(name)) {
            throw new ProtocolException("invalid_device_name",
                    "A device name is at most " + Limits.MAX_DEVICE_NAME_CODE_POINTS + " printable characters");
        }
        return name;
    }

    /** Message text: 1 to 100,000 code points of well-formed UTF-16 (no unpaired surrogates). */
    public static String messageText(String text) {
        required(text, "text");
        if (text.isEmpty()) {
            throw new ProtocolException("invalid_text", "A message cannot be empty");
        }
        // A string of at most MAX chars has at most MAX code points; only longer ones need counting.
        if (text.length() > Limits.MAX_TEXT_CODE_POINTS
                && text.codePointCount(0, text.length()) > Limits.MAX_TEXT_CODE_POINTS) {
            throw new ProtocolException("text_too_long", "A message is at most "
                    + Limits.MAX_TEXT_CODE_POINTS + " characters (Unicode code points); this one has "
                    + text.codePointCount(0, text.length()));
        }
        if (hasLoneSurrogate(text)) {
            throw new ProtocolException("invalid_text", "The text contains an unpaired UTF-16 surrogate");
        }
        return text;
    }

    public static String requestId(String raw) {
        if (raw == null) {
            return null;
        }
        if (!REQUEST_ID.matcher(raw).matches()) {
            throw new ProtocolException("invalid_request_id",
                    "requestId is 1 to " + Limits.MAX_REQUEST_ID_LENGTH + " characters of A-Z a-z 0-9 . _ : -");
        }
        return raw;
    }

    public static long nonNegative(Long value, String field) {
        long v = required(value, field);
        if (v < 0) {
            throw new ProtocolException("invalid_field", field + " must not be negative");
        }
        return v;
    }

    private static boolean hasControlOrLoneSurrogate(String s) {
        return s.codePoints().anyMatch(Character::isISOControl) || hasLoneSurrogate(s);
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
