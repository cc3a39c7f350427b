package dev.parley.server.accounts;

import dev.parley.protocol.rest.InviteView;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Turns invite codes into the links people share: {@code <public url>/invite/<code>} for a person, {@code /join/<code>} for a group. */
public final class InviteLinks {
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{22}");

    private final Supplier<String> publicUrl;

    public InviteLinks(Supplier<String> publicUrl) {
        this.publicUrl = publicUrl;
    }

    public InviteView view(String code) {
        return new InviteView(code, base() + "/invite/" + code);
    }

    /** A group's invite: whoever has it may join the group (or ask to). */
    public InviteView groupView(String code) {
        return new InviteView(code, base() + "/join/" + code);
    }

    private String base() {
        String base = publicUrl.get();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /**
     * The code in a bare code or a whole link, as people paste either; empty when it cannot be a code
     * (22 characters of base64url: 128 random bits), so that junk never reaches the database.
     */
    public static Optional<String> codeOf(String codeOrLink) {
        String trimmed = codeOrLink.strip();
        int slash = trimmed.lastIndexOf('/');
        String code = slash >= 0 ? trimmed.substring(slash + 1) : trimmed;
        return CODE.matcher(code).matches() ? Optional.of(code) : Optional.empty();
    }
}
