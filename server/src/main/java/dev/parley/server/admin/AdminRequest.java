package dev.parley.server.admin;

import java.util.List;

/**
 * One command sent through the admin socket: the words after {@code admin}, the new password when the
 * command sets one (read by the command line, never an argument), and who ran it (recorded on invites).
 */
public record AdminRequest(List<String> args, String password, String actor) {
    public AdminRequest {
        args = List.copyOf(args);
    }

    @Override
    public String toString() {
        return "AdminRequest[args=" + args + ", actor=" + actor + "]";
    }
}
