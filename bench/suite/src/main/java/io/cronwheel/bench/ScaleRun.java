package io.cronwheel.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One scale run: fresh database; the two receivers; a first engine that creates the schema and the template jobs;
 * the bulk load; then the measured engine start with every job in the database, the heap after a full collection,
 * and a window of fires and API requests while loaded ({@link LoadedPhase}). Every wait is bounded and the child
 * processes are stopped whatever happens.
 */
final class ScaleRun {
    private final ScaleSettings settings;
    private final Http http;
    private final Path dir;
    private final ScaleResult result = new ScaleResult();
    private DriverLog driverLog;
    private Children children;
    private Child engine;
    private HeapWatch heapWatch;
    private EngineWatch watch;

    ScaleRun(ScaleSettings settings, Http http, Path dir) {
        this.settings = settings;
        this.http = http;
        this.dir = dir;
    }

    private void log(String message) {
        driverLog.log(message);
    }

    ScaleResult run() throws IOException {
        driverLog = new DriverLog(dir);
        result.dir = dir;
        result.startedAt = Fmt.UTC_TIME.format(Instant.now());
        try (Children started = new Children()) {
            children = started;
            try {
                execute();
            } catch (Exception e) {
                result.failure = e.getClass().getSimpleName() + ": " + e.getMessage();
                log("RUN FAILED: " + result.failure);
                if (engine != null) {
                    log("engine log tail:\n" + engine.tail(30));
                }
            } finally {
                stopEngine();
            }
        }
        dropDatabase();
        try {
            EngineLog.read(dir.resolve("engine.log"), result);
        } catch (IOException | RuntimeException e) {
            log("could not read the engine log: " + e);
        }
        ScaleReport.write(settings, result);
        ScaleSummary.write(settings, result);
        log("report: " + dir.resolve("report.md"));
        driverLog.close();
        return result;
    }

    private void execute() throws Exception {
        result.machine = MachineInfo.capture(
                settings.launch().javaBin(), settings.launch().engineJar());
        for (int port : List.of(
                settings.engine().port(),
                settings.load().receiverPort(),
                settings.load().backgroundPort())) {
            Http.requirePortFree(port, "pick another one (--engine-port, --receiver-port, --background-port)");
        }
        result.postgresVersion = settings.db().recreate(this::log);
        result.postgresSettings =
                Pg.settings(settings.db().bench(), "shared_buffers", "work_mem", "synchronous_commit");
        log("fresh database " + settings.db().bench().display() + " (" + result.postgresVersion + ")");
        startReceiver("receiver", settings.load().receiverPort());
        startReceiver("background-receiver", settings.load().backgroundPort());

        BulkJobs bulk = new BulkJobs(settings, this::log);
        BulkJobs.Templates templates = createSchemaAndTemplates(bulk);
        List<String[]> sample = bulkLoad(bulk, templates);

        startMeasuredEngine();
        measureLoadedMemory();
        new LoadedPhase(settings, http, result, bulk, engine, driverLog).run(sample);
        Jcmd jcmd = new Jcmd(settings.launch().javaBin(), engine.pid());
        result.heapAfterGcEndMib = jcmd.heapUsedAfterFullGcMib();
        result.rssEndMib = ProcStats.rssBytes(engine.pid()) / 1048576.0;
        log(String.format(
                "end of run: heap after full GC %.0f MiB, RSS %.0f MiB", result.heapAfterGcEndMib, result.rssEndMib));
    }

    // ---------------------------------------------------------------- preparation

    private void startReceiver(String name, int port) throws Exception {
        Path out = dir.resolve(name);
        Files.createDirectories(out);
        List<String> command = settings.launch()
                .javaCommand(
                        List.of("-Xms64m", "-Xmx512m"),
                        settings.launch().benchJar(),
                        "io.cronwheel.bench.Receiver",
                        List.of("--port", Integer.toString(port), "--out", out.toString()));
        Child receiver = children.add(Child.start(name, command, Map.of(), dir, dir.resolve(name + ".log")));
        http.awaitOk(receiver, port, "/health", 30);
        log(name + " up on port " + port + ", pid " + receiver.pid());
    }

    /** A first engine creates the schema (Flyway) and, through the API, one template job per kind. */
    private BulkJobs.Templates createSchemaAndTemplates(BulkJobs bulk) throws Exception {
        Child setup = startEngine("setup-engine");
        try {
            http.awaitOk(setup, settings.engine().port(), "/health", 120);
            BulkJobs.Templates templates = bulk.createTemplates(http);
            result.templateJson = http.getJson(settings.engine().port(), "/api/v1/jobs/" + templates.dailyId(), 10_000)
                    .encodePrettily();
            result.baselineHeapMib = new Jcmd(settings.launch().javaBin(), setup.pid()).heapUsedAfterFullGcMib();
            log(String.format(
                    "schema created, templates registered; heap after full GC with 3 jobs: %.0f MiB",
                    result.baselineHeapMib));
            return templates;
        } finally {
            int code = setup.stop(60);
            log("setup engine stopped (exit " + code + ")");
        }
    }

    /**
     * Copies the templates up to the mix, then leaves the database as a long-running installation would have it:
     * vacuumed and checkpointed (so the measured start does not pay for the bulk load's hint bits and dirty pages),
     * with no executions and no progress marks (so the start replays no downtime).
     */
    private List<String[]> bulkLoad(BulkJobs bulk, BulkJobs.Templates templates) throws Exception {
        log(String.format("bulk-loading %,d jobs", settings.mix().total()));
        long start = System.nanoTime();
        try (Connection c = settings.db().bench().connect()) {
            result.bulkRows = bulk.cloneTemplates(c, templates, Long.toString(System.currentTimeMillis(), 36));
            result.bulkLoadSeconds = (System.nanoTime() - start) / 1e9;
            log(String.format("bulk-loaded %,d rows in %.1f s", result.bulkRows, result.bulkLoadSeconds));
            try (Statement s = c.createStatement()) {
                s.execute("TRUNCATE executions, alerts, partition_progress");
                s.execute("VACUUM ANALYZE jobs");
                s.execute("CHECKPOINT");
            }
            return BulkJobs.sample(c, 4 * settings.load().api().requests());
        }
    }

    // ---------------------------------------------------------------- the measured start

    private Child startEngine(String name) throws IOException {
        return children.add(Child.start(
                name,
                engineCommand(),
                settings.engine().environment(settings.db().bench()),
                dir,
                dir.resolve(name + ".log")));
    }

    private List<String> engineCommand() {
        return settings.launch().engineCommand(settings.engine().jvm());
    }

    private void startMeasuredEngine() throws Exception {
        log("starting the engine with " + settings.mix().total() + " jobs in the database: "
                + String.join(" ", engineCommand()));
        result.engineStartMillis = System.currentTimeMillis();
        engine = startEngine("engine");
        long deadline = result.engineStartMillis + settings.load().startupLimitSeconds() * 1000L;
        heapWatch = new HeapWatch(settings.launch().javaBin(), engine.pid(), EngineWatch.INTERVAL_MILLIS);
        heapWatch.start();
        watch = new EngineWatch(
                http,
                settings.engine().port(),
                engine.pid(),
                heapWatch,
                settings.mix().total(),
                deadline + (settings.load().durationSeconds() + 900) * 1000L);
        watch.start();
        watch.awaitLoaded(engine, deadline, settings.load().startupLimitSeconds(), result.engineStartMillis, this::log);
        result.readyAtMillis = watch.readyAtMillis();
        result.loadedAtMillis = watch.loadedAtMillis();
        result.startupPeakHeapMib = watch.peak(EngineWatch.Sample::heapUsedMib);
        result.startupPeakRssMib = watch.peak(EngineWatch.Sample::rssMib);
        log(String.format(
                "ready after %.1f s, all %,d jobs scheduled after %.1f s",
                result.sinceStart(result.readyAtMillis),
                settings.mix().total(),
                result.sinceStart(result.loadedAtMillis)));
    }

    private void measureLoadedMemory() throws Exception {
        Jcmd jcmd = new Jcmd(settings.launch().javaBin(), engine.pid());
        result.engineHeapLimit = jcmd.heapLimit();
        result.heapAfterGcMib = jcmd.heapUsedAfterFullGcMib();
        result.rssAfterGcMib = ProcStats.rssBytes(engine.pid()) / 1048576.0;
        log(String.format(
                "loaded: heap after full GC %.0f MiB (%s), RSS %.0f MiB",
                result.heapAfterGcMib, result.engineHeapLimit, result.rssAfterGcMib));
        StringBuilder raw = new StringBuilder();
        result.histogram = jcmd.classHistogram(25, raw);
        Files.writeString(dir.resolve("class-histogram.txt"), raw.toString(), StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- the end

    private void stopEngine() {
        if (watch != null) {
            watch.stop();
            result.samples = watch.samples();
        }
        if (heapWatch != null) {
            heapWatch.close();
        }
        if (engine != null && engine.alive()) {
            log("stopping the engine (SIGTERM)");
            result.engineExitCode = engine.stop(60);
        }
    }

    private void dropDatabase() {
        if (settings.keepDb()) {
            return;
        }
        try {
            Pg.dropDatabase(settings.db().admin(), settings.db().name());
            log("dropped database " + settings.db().name() + " (--keep-db keeps it)");
        } catch (Exception e) {
            log("could not drop database " + settings.db().name() + ": " + e.getMessage());
        }
    }
}
