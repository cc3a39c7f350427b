package dev.parley.loadtest;

import dev.parley.loadtest.cli.Options;
import dev.parley.loadtest.cli.Scenario;
import dev.parley.loadtest.probe.Footprint;
import dev.parley.loadtest.probe.ServerProbe;
import dev.parley.loadtest.report.Report;
import dev.parley.loadtest.report.Reports;
import dev.parley.loadtest.run.Coordinator;
import dev.parley.loadtest.run.InProcessWorker;
import dev.parley.loadtest.run.PhaseOutcome;
import dev.parley.loadtest.run.Plan;
import dev.parley.loadtest.run.ProcessWorker;
import dev.parley.loadtest.run.ProgressLine;
import dev.parley.loadtest.run.RunOutcome;
import dev.parley.loadtest.run.WorkerHandle;
import dev.parley.loadtest.scenario.Scenarios;
import dev.parley.loadtest.setup.Accounts;
import dev.parley.loadtest.setup.Conversations;
import dev.parley.loadtest.setup.RestClient;
import dev.parley.loadtest.setup.UsersFile;
import dev.parley.protocol.codec.JsonCodec;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One run: set up over REST, run the workers, print the JSON lines. */
public final class LoadTest {
    private final Options options;
    private final PrintStream out;
    private final ProgressLine progress;
    private final JsonCodec codec = new JsonCodec();

    public LoadTest(Options options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.progress = new ProgressLine(err, options.quiet());
    }

    /** Runs and prints; returns the final line. */
    public Report run() {
        Optional<ServerProbe> probe = Optional.ofNullable(options.serverPid()).map(ServerProbe::new);
        RestClient rest = new RestClient(options.url(), codec);
        rest.get("/api/v1/me", null); // fails early, with one clear line, if nothing answers
        Plan plan = Scenarios.plan(options, new Accounts(rest, new UsersFile(options.usersFile()), options.setupThreads(),
                progress), new Conversations(rest, options.setupThreads()));
        int workers = Scenarios.workers(options, plan);
        progress.say("setup done: " + plan.participants().size() + " users, " + plan.chats().size() + " conversations; "
                + workers + (workers == 1 ? " worker (in this process)" : " worker processes"));
        // Measured before any worker exists: workers start connecting as soon as they are made.
        Footprint before = probe.map(ServerProbe::footprint).orElse(null);
        List<WorkerHandle> handles = new ArrayList<>();
        Path planFile = null;
        try {
            if (workers == 1) {
                handles.add(new InProcessWorker(Scenarios.worker(options), plan));
            } else {
                planFile = writePlan(plan);
                for (int i = 0; i < workers; i++) {
                    handles.add(new ProcessWorker(planFile, i, workers, options.toArgs(), codec));
                }
            }
            Double[] highestPassing = {null};
            RunOutcome outcome = new Coordinator(handles, probe, progress).run(before, step -> judge(step, workers, highestPassing));
            if (outcome.phases().isEmpty()) {
                throw new LoadTestException("The run ended before any phase finished");
            }
            Double offered = options.scenario() == Scenario.RAMP ? highestPassing[0]
                    : options.scenario() == Scenario.CONNECTIONS ? null : options.rate();
            Report report = Reports.summary(options.scenario().cliName(), outcome, offered,
                    options.scenario() == Scenario.RAMP ? highestPassing[0] : null);
            out.println(Reports.json(report));
            out.flush();
            return report;
        } finally {
            if (planFile != null) {
                try {
                    Files.deleteIfExists(planFile);
                } catch (IOException ignored) {
                    // a temporary file left behind
                }
            }
        }
    }

    /** Ramp: prints the step's line and goes on while steps pass (or always, with --keep-going). */
    private boolean judge(PhaseOutcome step, int workers, Double[] highestPassing) {
        if (options.scenario() != Scenario.RAMP) {
            return true;
        }
        Report line = Reports.step(options.scenario().cliName(), workers, step, false);
        boolean passed = line.lost() == 0 && line.unacked() == 0 && line.rejected() == 0
                && line.deliverP99() != null && line.deliverP99() < options.p99LimitMillis();
        line = Reports.step(options.scenario().cliName(), workers, step, passed);
        out.println(Reports.json(line));
        out.flush();
        if (passed) {
            highestPassing[0] = step.result().offeredRate();
        }
        return passed || options.keepGoing();
    }

    /** The plan holds bearer tokens: readable by this user only. */
    private Path writePlan(Plan plan) {
        try {
            Path file = Files.createTempFile("parley-loadtest-plan-", ".json",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, codec.encode(plan));
            return file;
        } catch (IOException e) {
            throw new LoadTestException("Cannot write the plan for the workers: " + e.getMessage(), e);
        }
    }
}
