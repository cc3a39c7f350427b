package dev.parley.desktop.ui.group;

import dev.parley.protocol.ids.UserId;

/**
 * A stable colour per person for sender names in group bubbles: the user id hashed into a palette of
 * eight style classes ({@code sender-c0} … {@code sender-c7}), each readable in the light and the
 * dark theme (app.css). The same person has the same colour in every group and on every device.
 */
public final class SenderColors {
    public static final int PALETTE_SIZE = 8;

    private SenderColors() {
    }

    public static int indexOf(UserId user) {
        // UUID.hashCode mixes both halves; floorMod keeps negative hashes in range.
        return Math.floorMod(user.value().hashCode() * 31 + 7, PALETTE_SIZE);
    }

    public static String styleClassOf(UserId user) {
        return "sender-c" + indexOf(user);
    }
}
