package dev.parley.desktop.core.model;

import dev.parley.protocol.model.UserView;

import java.util.List;

/**
 * Who of the members meant to receive an entry (members since before it, not its sender) read it, has
 * it on a device without having read it, or has not got it yet. The three lists do not overlap.
 */
public record Receipts(long seq, List<UserView> readBy, List<UserView> deliveredTo, List<UserView> waiting) {
    public Receipts {
        readBy = List.copyOf(readBy);
        deliveredTo = List.copyOf(deliveredTo);
        waiting = List.copyOf(waiting);
    }

    public int recipients() {
        return readBy.size() + deliveredTo.size() + waiting.size();
    }

    /** Read implies delivered. */
    public int delivered() {
        return readBy.size() + deliveredTo.size();
    }

    /** "Delivered to 87 of 120 · Read by 40". */
    public String summary() {
        return "Delivered to " + delivered() + " of " + recipients() + " · Read by " + readBy.size();
    }
}
