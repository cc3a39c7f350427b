package dev.parley.loadtest;

import dev.parley.loadtest.chart.RampChart;
import dev.parley.loadtest.cli.Options;
import dev.parley.loadtest.cli.Scenario;
import dev.parley.loadtest.cli.Usage;
import dev.parley.loadtest.cli.UsageException;
import dev.parley.loadtest.run.Control;
import dev.parley.loadtest.run.Plan;
import dev.parley.loadtest.run.WorkerEvent;
import dev.parley.loadtest.run.WorkerPipe;
import dev.parley.loadtest.scenario.Scenarios;
import dev.parley.protocol.codec.JsonCodec;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The command line: a scenario, {@code chart}, or the hidden {@code worker} mode of worker processes. */
public final class Main {
    public static final int BAD_USAGE = 1;
    public static final int FAILED = 2;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        try {
            if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
                out.print(Usage.TEXT);
                return args.isEmpty() ? BAD_USAGE : 0;
            }
            switch (args.getFirst()) {
                case "worker" -> worker(args.subList(1, args.size()));
                case "chart" -> RampChart.fromArgs(args.subList(1, args.size()));
                default -> new LoadTest(Options.parse(Scenario.parse(args.getFirst()), args.subList(1, args.size())),
                        out, err).run();
            }
            return 0;
        } catch (UsageException e) {
            err.println("parley-loadtest: " + e.getMessage() + " (see --help)");
            return BAD_USAGE;
        } catch (LoadTestException e) {
            err.println("parley-loadtest: " + e.getMessage());
            return FAILED;
        }
    }

    /** {@code worker PLAN INDEX COUNT SCENARIO [options]}: runs its part of the plan, talking over stdin/stdout. */
    private static void worker(List<String> args) {
        JsonCodec codec = new JsonCodec();
        Plan plan;
        try {
            plan = codec.decode(Files.readString(Path.of(args.get(0))), Plan.class);
        } catch (IOException e) {
            throw new LoadTestException("Worker cannot read its plan: " + e.getMessage(), e);
        }
        int index = Integer.parseInt(args.get(1));
        int count = Integer.parseInt(args.get(2));
        Options options = Options.parse(Scenario.parse(args.get(3)), args.subList(4, args.size()));
        // Protocol lines only on stdout: anything else a library prints goes to stderr.
        PrintStream pipe = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        Control control = WorkerPipe.control(pipe, System.in, codec);
        try {
            Scenarios.worker(options).run(plan.part(index, count), control);
            pipe.println(WorkerPipe.encode(new WorkerEvent.Finished(), codec));
        } catch (LoadTestException e) {
            pipe.println(WorkerPipe.encode(new WorkerEvent.Failed(e.getMessage()), codec));
        } catch (Exception e) {
            pipe.println(WorkerPipe.encode(new WorkerEvent.Failed("Worker " + index + " failed: " + e), codec));
            e.printStackTrace(System.err);
        }
        pipe.flush();
    }
}
