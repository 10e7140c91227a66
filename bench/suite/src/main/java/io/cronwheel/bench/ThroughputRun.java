package io.cronwheel.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One end-to-end throughput run, step by step: fresh database, receiver and scheduler processes ({@link
 * RunProcesses}), N every-second jobs ({@link Registration}), warm-up and measurement window ({@link
 * MeasurementWindow}) while {@link Sampler} records every second, stop, then the analyses and the report. Every wait
 * is bounded; the children are stopped whatever happens.
 *
 * <p>The "engine" may be a peer scheduler ({@link SchedulerKind}): its process then schedules its N jobs itself at
 * start-up (all at-least-once), and what only cronwheel has (the API, the {@code executions} table) is left out.
 */
final class ThroughputRun {
    /** The load of one run: N every-second jobs, then a warm-up and a window of that many seconds. */
    record Load(int jobs, int warmupSeconds, int durationSeconds) {}

    private final Settings settings;
    private final SchedulerKind scheduler;
    private final Http http;
    private final Load load;
    private final Path dir;
    private final RunResult result = new RunResult();
    private DriverLog log;
    private Child receiver;
    /** The scheduler's process: the engine jar or a peer. */
    private Child engine;

    private Sampler sampler;

    ThroughputRun(Settings settings, SchedulerKind scheduler, Http http, Load load, Path dir) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.http = http;
        this.load = load;
        this.dir = dir;
    }

    RunResult run() throws IOException {
        log = new DriverLog(dir);
        result.dir = dir;
        result.scheduler = scheduler;
        result.jobs = load.jobs();
        result.warmupSeconds = load.warmupSeconds();
        result.durationSeconds = load.durationSeconds();
        result.startedAt = Fmt.UTC_TIME.format(Instant.now());
        result.amoJobs = amoIndexes().size();
        try (Children children = new Children()) {
            try {
                execute(children);
            } catch (Exception e) {
                result.failure = e.getClass().getSimpleName() + ": " + e.getMessage();
                log.log("RUN FAILED: " + result.failure);
                if (engine != null) {
                    log.log(scheduler.label + " log tail:\n" + engine.tail(30));
                }
                if (receiver != null && !receiver.alive()) {
                    log.log("receiver log tail:\n" + receiver.tail(30));
                }
            } finally {
                if (sampler != null) {
                    sampler.stop();
                    result.samples = sampler.samples();
                    result.counts = sampler.counts();
                }
                if (engine != null && engine.alive()) {
                    log.log("stopping the " + scheduler.label + " (SIGTERM)");
                    int code = engine.stop(60);
                    if (result.engineExitCode == Integer.MIN_VALUE) {
                        result.engineExitCode = code;
                    }
                }
            }
        }
        try {
            analyse();
        } catch (Exception e) {
            log.log("analysis incomplete: " + e);
            if (result.failure == null) {
                result.failure = "analysis: " + e.getMessage();
            }
        }
        RunReport.write(settings, result);
        RunSummary.write(settings, result);
        log.log("report: " + dir.resolve("report.md"));
        log.close();
        return result;
    }

    /** The indexes of the at-most-once jobs; none for a peer, which is at-least-once only. */
    private List<Integer> amoIndexes() {
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; !scheduler.isPeer() && i < load.jobs(); i++) {
            if (settings.workload().isAmo(i)) {
                indexes.add(i);
            }
        }
        return indexes;
    }

    private void execute(Children children) throws Exception {
        result.machine = MachineInfo.capture(
                settings.launch().javaBin(), settings.launch().engineJar());
        Http.requirePortFree(
                settings.engine().port(),
                "the " + scheduler.label + " (--engine-port) needs it: is "
                        + "another engine or receiver running? Pick another port or stop it");
        Http.requirePortFree(
                settings.receiver().port(),
                "the receiver (--receiver-port) needs it: is another engine "
                        + "or receiver running? Pick another port or stop it");
        Pg.Url benchDb = settings.db().bench();
        result.postgresVersion = settings.db().recreate(log::log);
        result.postgresSettings =
                Pg.settings(benchDb, "shared_buffers", "synchronous_commit", "max_connections", "fsync");
        log.log("fresh database " + benchDb.display() + " (" + result.postgresVersion + ")");

        RunProcesses processes = new RunProcesses(settings, scheduler, http, dir, children, log);
        receiver = processes.startReceiver();
        engine = processes.startScheduler(load.jobs());
        if (scheduler.isPeer()) {
            result.schedulerCommand = String.join(" ", engine.command);
        }

        // the API slows down while thousands of jobs fire: generous, but bounded
        long registrationLimitSeconds = Math.max(300, load.jobs() / 25);
        long deadline = System.currentTimeMillis()
                + (registrationLimitSeconds
                                + load.warmupSeconds()
                                + load.durationSeconds()
                                + settings.workload().drainWaitSeconds()
                                + 600)
                        * 1000L;
        sampler = new Sampler(http, scheduler, settings, engine, receiver, log);
        sampler.phase("register");
        sampler.start(deadline);

        Registration registration = new Registration(settings, scheduler, http, result, log);
        String[] ids = registration.register(engine, load.jobs(), registrationLimitSeconds);
        new MeasurementWindow(settings, http, result, sampler, log).run(load, amoIndexes(), engine, receiver);
        engine.requireAlive();

        if (settings.workload().stopMode().equals("pause") && !scheduler.isPeer()) {
            registration.pauseAll(ids);
            registration.waitForQuiet(120);
        }
        FinalMetrics.capture(http, settings.engine().port(), scheduler, result, log);
        sampler.phase("stop");
        result.stopAt = System.currentTimeMillis() / 1000;
        log.log("stopping the " + scheduler.label + " with SIGTERM");
        long stopStart = System.nanoTime();
        result.engineExitCode = engine.stop(120);
        result.engineStopSeconds = (System.nanoTime() - stopStart) / 1e9;
        log.log(scheduler.label + " exited with " + result.engineExitCode + " after "
                + String.format("%.1f", result.engineStopSeconds) + " s");
        sampler.stop();
        result.receiverStats = http.getJson(
                settings.receiver().port(),
                "/stats?from=" + result.t0 + "&to=" + result.t1 + "&jobs=" + load.jobs(),
                60_000);
        Files.writeString(dir.resolve("receiver-stats.json"), result.receiverStats.encodePrettily());
    }

    /** What the run's files and database say, into the result: the steps after the stop. */
    private void analyse() throws Exception {
        LogExcerpts excerpts = LogExcerpts.read(dir.resolve(scheduler.logFile()));
        result.logErrors = excerpts.errors();
        result.logWarnings = excerpts.warnings();
        result.logErrorSamples.addAll(excerpts.errorSamples(8, 400));
        result.logWarningSamples.addAll(excerpts.warningSamples(8, 400));
        ReceiverAnalysis.apply(result);
        SampleAnalysis.apply(result);
        Path peerSettings = dir.resolve("peer-settings.md");
        if (scheduler.isPeer() && Files.exists(peerSettings)) {
            result.peerSettings = Files.readString(peerSettings);
        }
        if (result.t0 > 0 && !scheduler.isPeer()) {
            ExecutionRows.apply(settings.db().bench(), settings.workload().drainWaitSeconds(), result);
        }
    }
}
