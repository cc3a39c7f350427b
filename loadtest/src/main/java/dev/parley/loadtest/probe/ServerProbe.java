package dev.parley.loadtest.probe;

import dev.parley.loadtest.LoadTestException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a server process on this machine: RSS and CPU time from {@code /proc/PID}, heap after a full
 * GC through {@code jcmd} (which must run as the server's user).
 */
public final class ServerProbe {
    /** Linux reports CPU time in clock ticks; USER_HZ is 100 on every mainstream kernel. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private final long pid;
    private final Path jcmd;

    public ServerProbe(long pid) {
        this.pid = pid;
        this.jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isReadable(Path.of("/proc", String.valueOf(pid), "status"))) {
            throw new LoadTestException("--server-pid " + pid + ": no such process on this machine");
        }
    }

    /**
     * Two full GCs a second apart, then the heap and RSS. One is not enough after setup: the first
     * collection also frees what Argon2 and caches left behind and G1 shrinks the heap while RSS is read.
     */
    public Footprint footprint() {
        jcmd("GC.run");
        pause();
        jcmd("GC.run");
        pause();
        String heapInfo = jcmd("GC.heap_info");
        Matcher used = USED.matcher(heapInfo);
        if (!used.find()) {
            throw new LoadTestException("Cannot read the heap of process " + pid + " from jcmd GC.heap_info: " + heapInfo.strip());
        }
        return new Footprint(Long.parseLong(used.group(1)), rssKib());
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadTestException("Interrupted while measuring the server");
        }
    }

    public long rssKib() {
        for (String line : read("status").split("\n")) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new LoadTestException("No VmRSS in /proc/" + pid + "/status");
    }

    /** User plus system CPU time the process has used so far. */
    public double cpuSeconds() {
        String stat = read("stat");
        // The command name (field 2) may hold spaces; fields are counted after its closing parenthesis.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }

    private String read(String file) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(pid), file));
        } catch (IOException e) {
            throw new LoadTestException("The server process " + pid + " is gone (" + e.getMessage() + ")", e);
        }
    }

    private String jcmd(String command) {
        try {
            Process process = new ProcessBuilder(List.of(jcmd.toString(), String.valueOf(pid), command))
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new LoadTestException("jcmd " + pid + " " + command + " failed: " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new LoadTestException("Cannot run " + jcmd + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoadTestException("Interrupted while running jcmd", e);
        }
    }
}
