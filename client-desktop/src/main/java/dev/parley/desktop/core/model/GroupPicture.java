package dev.parley.desktop.core.model;

import dev.parley.protocol.Limits;

import java.util.Objects;

/**
 * A group's picture as the server takes it (§6.30): PNG or JPEG bytes of at most 256 KiB. The
 * array is copied in and must not be changed through {@link #image()}.
 */
public record GroupPicture(byte[] image, String contentType) {
    public static final String PNG = "image/png";
    public static final String JPEG = "image/jpeg";

    public GroupPicture {
        Objects.requireNonNull(image, "image");
        if (image.length == 0 || image.length > Limits.MAX_AVATAR_BYTES) {
            throw new IllegalArgumentException("A group picture is 1 byte to " + Limits.MAX_AVATAR_BYTES + " bytes");
        }
        if (!PNG.equals(contentType) && !JPEG.equals(contentType)) {
            throw new IllegalArgumentException("A group picture is a PNG or JPEG, not " + contentType);
        }
        image = image.clone();
    }

    public int size() {
        return image.length;
    }
}
