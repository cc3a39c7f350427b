package dev.parley.protocol.rest;

import dev.parley.protocol.Limits;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Validation;

import java.util.LinkedHashSet;
import java.util.List;

/** Checks shared by the group requests. */
final class GroupRequests {
    private GroupRequests() {
    }

    /** Valid, folded and without repeats, in the order given. */
    static List<String> usernames(List<String> raw) {
        if (raw.size() > Limits.MAX_USERNAMES_PER_REQUEST) {
            throw new ProtocolException("invalid_field",
                    "At most " + Limits.MAX_USERNAMES_PER_REQUEST + " usernames per request");
        }
        LinkedHashSet<String> folded = new LinkedHashSet<>();
        for (String username : raw) {
            folded.add(Validation.username(username));
        }
        return List.copyOf(folded);
    }
}
