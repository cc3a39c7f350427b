package dev.parley.server.accounts;

import dev.parley.protocol.rest.InviteView;

import java.util.function.Supplier;

/** Turns an invite code into the link people share: {@code <public url>/invite/<code>}. */
public final class InviteLinks {
    private final Supplier<String> publicUrl;

    public InviteLinks(Supplier<String> publicUrl) {
        this.publicUrl = publicUrl;
    }

    public InviteView view(String code) {
        String base = publicUrl.get();
        return new InviteView(code, (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + "/invite/" + code);
    }

    /** Accepts a bare code or a whole link, as people paste either. */
    public static String codeOf(String codeOrLink) {
        String trimmed = codeOrLink.strip();
        int slash = trimmed.lastIndexOf('/');
        return slash >= 0 ? trimmed.substring(slash + 1) : trimmed;
    }
}
