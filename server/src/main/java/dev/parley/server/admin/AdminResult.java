package dev.parley.server.admin;

/** What a command printed and how it ended: exit code 0 done, 1 failed, 2 bad usage. */
public record AdminResult(int exitCode, String output) {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    public AdminResult {
        output = output == null ? "" : output;
    }

    public static AdminResult ok(String output) {
        return new AdminResult(OK, output);
    }

    public static AdminResult failed(String output) {
        return new AdminResult(FAILED, output);
    }
}
