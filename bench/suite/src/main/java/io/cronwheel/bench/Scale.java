package io.cronwheel.bench;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The scale-of-state benchmark: the engine started with a million registered jobs, most of them daily.
 *
 * <pre>
 * java -cp bench/target/cronwheel-bench.jar io.cronwheel.bench.Scale --jobs 1000000
 * </pre>
 *
 * <p>Measures start-up time (process start to every job scheduled), heap after a full GC and RSS, and, while loaded,
 * API latency and the drift of a few every-second jobs; checks the targets (heap under 1 GiB, start-up under 30 s).
 * See bench/README.md, section 5.
 */
public final class Scale {
    private static final Set<String> FLAGS = Set.of("help", "keep-db");
    private static final Set<String> OPTIONS = Set.of(
            "jobs",
            "every-second",
            "minutely-fraction",
            "daily-times",
            "duration",
            "startup-limit",
            "api-requests",
            "api-concurrency",
            "list-limit",
            "db-url",
            "db-name",
            "keep-db",
            "engine-jar",
            "engine-jvm",
            "engine-env",
            "engine-port",
            "receiver-port",
            "background-port",
            "results",
            "target-heap-mib",
            "target-startup-s",
            "help");

    static final String USAGE = String.join(
            "\n",
            "usage: java -cp bench/target/cronwheel-bench.jar io.cronwheel.bench.Scale [options]",
            "",
            "  --jobs N                  registered jobs in all (1000000)",
            "  --every-second N          of which fire every second; their drift is measured (100)",
            "  --minutely-fraction F     share firing every minute (0.01); the rest fire daily",
            "  --daily-times N           distinct times of day of the daily jobs, dividing 86400 (86400)",
            "  --duration S              window of fires and API requests once loaded (120)",
            "  --startup-limit S         give up if not every job is scheduled by then (600)",
            "  --api-requests N          requests per kind: GET, list, POST, PATCH (2000)",
            "  --api-concurrency N       API requests in flight (8)",
            "  --list-limit N            page size of the list requests (100)",
            "  --db-url URL              PostgreSQL server (postgresql://postgres@127.0.0.1:5432/postgres)",
            "  --db-name NAME            database dropped and created for the run (cronwheel_scale)",
            "  --keep-db                 keep the database after the run (default: drop it)",
            "  --engine-jar PATH         (<repository>/target/cronwheel.jar)",
            "  --engine-jvm 'OPTS'       engine JVM options (none: the JVM's defaults)",
            "  --engine-env K=V          extra engine environment, repeatable",
            "  --engine-port P           (8080)",
            "  --receiver-port P         receiver of the every-second jobs (9999)",
            "  --background-port P       receiver of the minutely and daily jobs (9998)",
            "  --results DIR             (bench/results)",
            "  --target-heap-mib M --target-startup-s S    the targets (1024, 30)");

    private Scale() {}

    public static void main(String[] argv) throws Exception {
        Cli.main("Scale", USAGE, FLAGS, OPTIONS, argv, Scale::run);
    }

    private static int run(Args args, String[] argv) throws Exception {
        Launch launch = Launch.locate(Scale.class, args, argv);
        launch.requireEngineJar();
        ScaleSettings settings = settings(args, launch);
        Path results = Path.of(args.string(
                        "results", launch.benchDir().resolve("results").toString()))
                .toAbsolutePath();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss"));
        try (Http http = new Http(settings.load().api().concurrency() + 8)) {
            ScaleResult r = new ScaleRun(settings, http, results.resolve(stamp + "-scale")).run();
            System.out.println();
            System.out.println(summary(settings, r));
            return r.completed() ? 0 : 1;
        }
    }

    private static ScaleSettings settings(Args args, Launch launch) {
        JobMix mix = JobMix.of(
                args.integer("jobs", 1_000_000),
                args.integer("every-second", 100),
                args.decimal("minutely-fraction", 0.01),
                args.integer("daily-times", JobMix.SECONDS_PER_DAY));
        ScaleSettings.Api api = new ScaleSettings.Api(
                Math.max(1, args.integer("api-requests", 2000)),
                Math.max(1, args.integer("api-concurrency", 8)),
                Math.max(1, Math.min(1000, args.integer("list-limit", 100))));
        ScaleSettings.Load load = new ScaleSettings.Load(
                mix,
                args.integer("receiver-port", 9999),
                args.integer("background-port", 9998),
                Math.max(10, args.integer("duration", 120)),
                Math.max(30, args.integer("startup-limit", 600)),
                api);
        return new ScaleSettings(
                launch,
                Database.parse(args, "cronwheel_scale"),
                args.flag("keep-db"),
                EngineSetup.parse(args, "", Map.of()),
                load,
                new ScaleSettings.Targets(args.decimal("target-heap-mib", 1024), args.decimal("target-startup-s", 30)));
    }

    static String summary(ScaleSettings s, ScaleResult r) {
        return String.format(
                Locale.ROOT,
                "%s jobs: every job scheduled %s s after the process start (target < %s s: "
                        + "%s), heap after full GC %s MiB (target < %s MiB: %s), RSS %s MiB; every-second jobs: %s missed, "
                        + "drift p99 %s; report %s",
                Fmt.n(s.mix().total()),
                Fmt.d(r.sinceStart(r.loadedAtMillis), 1),
                Fmt.d(s.targets().startupSeconds(), 0),
                ScaleReport.startupPasses(s, r) ? "PASS" : "FAIL",
                Fmt.d(r.heapAfterGcMib, 0),
                Fmt.d(s.targets().heapMib(), 0),
                ScaleReport.heapPasses(s, r) ? "PASS" : "FAIL",
                Fmt.d(r.rssAfterGcMib, 0),
                Fmt.n(r.missed),
                Fmt.ms(r.recvP99),
                r.dir.resolve("report.md"));
    }
}
