package io.cronwheel.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The end-to-end throughput driver. One run:
 *
 * <pre>
 * java -cp bench/target/cronwheel-bench.jar io.cronwheel.bench.Throughput --jobs 10000 --warmup 30 --duration 300
 * </pre>
 *
 * <p>A sweep ({@code --sweep 1000,5000,10000,20000,40000}) runs one shorter measurement per job count, each with a
 * fresh database, engine and receiver, and finds the ceiling: the highest count with nothing missed and a receive
 * p99 drift below {@code --ceiling-p99-ms} (1 s). {@code --scheduler quartz|db-scheduler} drives a peer instead of
 * the engine; {@code --compare} runs cronwheel and both peers through the same sweep ({@link Compare}). See
 * bench/README.md.
 */
public final class Throughput {
    private static final Set<String> FLAGS = Set.of("help", "compare");
    private static final Set<String> OPTIONS = Set.of(
            "jobs",
            "warmup",
            "duration",
            "amo-fraction",
            "sweep",
            "scheduler",
            "compare",
            "schedulers",
            "quartz-arg",
            "db-scheduler-arg",
            "db-url",
            "db-name",
            "engine-jar",
            "engine-jvm",
            "engine-env",
            "engine-port",
            "receiver-port",
            "receiver-event-loops",
            "receiver-jvm",
            "register-concurrency",
            "results",
            "stop",
            "db-count-interval",
            "drain-wait",
            "job-timeout-ms",
            "target-fires",
            "target-p99-ms",
            "target-p999-ms",
            "ceiling-p99-ms",
            "help");

    private Throughput() {}

    static final String USAGE = String.join(
            "\n",
            "usage: java -cp bench/target/cronwheel-bench.jar io.cronwheel.bench.Throughput [options]",
            "",
            "  --jobs N                    every-second jobs = offered fires/s (10000)",
            "  --scheduler NAME            cronwheel (default), quartz or db-scheduler: what the run drives",
            "  --compare                   side by side: every scheduler through the --sweep levels, one at a time;",
            "                              a scheduler stops after its first failing level (amo-fraction 0 by default)",
            "  --schedulers A,B            with --compare (cronwheel,quartz,db-scheduler)",
            "  --quartz-arg K=V            a Quartz peer option, repeatable (threads, batch, fire-ahead-ms,",
            "                              misfire-threshold-ms)",
            "  --db-scheduler-arg K=V      a db-scheduler peer option, repeatable (threads, lower-limit, upper-limit,",
            "                              polling-interval-ms, pool-size, schedule=every-second|cron)",
            "  --warmup S                  seconds after registration before measuring (30; sweep: 20)",
            "  --duration S                measurement window in seconds (300; sweep: 60)",
            "  --amo-fraction F            share of AT_MOST_ONCE jobs (0.2)",
            "  --sweep N1,N2,...           one run per job count, fresh database and engine each; finds the ceiling",
            "  --db-url URL                PostgreSQL server to create the benchmark database on",
            "                              (postgresql://postgres@127.0.0.1:5432/postgres)",
            "  --db-name NAME              database dropped and created for each run (cronwheel_bench)",
            "  --engine-jar PATH           (<repository>/target/cronwheel.jar)",
            "  --engine-jvm 'OPTS'         engine JVM options ('-Xmx2g'), the peers' too",
            "  --engine-env K=V            extra engine environment, repeatable (e.g. CRONWHEEL_BATCH_SIZE=5000);",
            "                              cronwheel only",
            "  --engine-port P             engine API port on 127.0.0.1 (8080); a peer's status port",
            "  --receiver-port P           receiver port on 127.0.0.1 (9999)",
            "  --receiver-event-loops N    receiver event loops (1)",
            "  --receiver-jvm 'OPTS'       receiver JVM options ('-Xms256m -Xmx1g')",
            "  --register-concurrency N    job registrations in flight (64)",
            "  --stop sigterm|pause        end of run: SIGTERM the engine (default) or pause every job first",
            "  --drain-wait S              seconds after the window before stopping (5)",
            "  --db-count-interval S       exact count(*) of executions every S seconds, 0 = never (5)",
            "  --job-timeout-ms MS         jobs' timeoutMs (engine default)",
            "  --results DIR               (bench/results)",
            "  --target-fires N --target-p99-ms MS --target-p999-ms MS    the target (10000, 200, 300)",
            "  --ceiling-p99-ms MS         sweep ceiling criterion on receive p99 (1000)");

    public static void main(String[] argv) throws Exception {
        Cli.main("Throughput", USAGE, FLAGS, OPTIONS, argv, Throughput::run);
    }

    private static int run(Args args, String[] argv) throws Exception {
        Launch launch = Launch.locate(Throughput.class, args, argv);
        boolean compare = args.flag("compare");
        SchedulerKind scheduler = SchedulerKind.parse(args.string("scheduler", "cronwheel"));
        List<SchedulerKind> schedulers = new ArrayList<>();
        for (String name :
                args.string("schedulers", "cronwheel,quartz,db-scheduler").split(",")) {
            if (!name.isBlank()) {
                schedulers.add(SchedulerKind.parse(name));
            }
        }
        if (compare ? schedulers.contains(SchedulerKind.CRONWHEEL) : !scheduler.isPeer()) {
            launch.requireEngineJar();
        }
        if (compare ? schedulers.stream().anyMatch(SchedulerKind::isPeer) : scheduler.isPeer()) {
            launch.requirePeersJar();
        }
        Settings settings = Settings.parse(args, launch, compare);
        Path results = Path.of(args.string(
                        "results", launch.benchDir().resolve("results").toString()))
                .toAbsolutePath();
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss"));
        boolean sweep = args.has("sweep") || compare;
        int warmup = args.integer("warmup", sweep ? 20 : 30);
        int duration = args.integer("duration", sweep ? 60 : 300);
        if (warmup < 0 || duration < 1) {
            throw new IllegalArgumentException("--warmup must be >= 0 and --duration >= 1");
        }
        String kind = scheduler.isPeer() ? "-" + scheduler.id : "";
        try (Http http = new Http(Math.max(8, settings.workload().registerConcurrency() + 4))) {
            if (!sweep) {
                int jobs = args.integer("jobs", 10_000);
                if (jobs < 1) {
                    throw new IllegalArgumentException("--jobs must be >= 1");
                }
                RunResult r = new ThroughputRun(
                                settings,
                                scheduler,
                                http,
                                new ThroughputRun.Load(jobs, warmup, duration),
                                results.resolve(stamp + kind + "-throughput"))
                        .run();
                System.out.println();
                System.out.println(summary(settings, r));
                return r.completed() ? 0 : 1;
            }
            List<Integer> levels = levels(args.string("sweep", ""));
            if (compare) {
                return new Compare(settings, http, schedulers, levels, warmup, duration)
                                .run(results.resolve(stamp + "-peers"))
                        ? 0
                        : 1;
            }
            Path dir = results.resolve(stamp + kind + "-sweep");
            Files.createDirectories(dir);
            List<RunResult> runs = new ArrayList<>();
            for (int jobs : levels) {
                System.out.println("=== sweep: " + jobs + " jobs ===");
                RunResult r = new ThroughputRun(
                                settings,
                                scheduler,
                                http,
                                new ThroughputRun.Load(jobs, warmup, duration),
                                dir.resolve("jobs-" + jobs))
                        .run();
                runs.add(r);
                System.out.println(summary(settings, r));
                SweepReport.write(settings, dir, runs, warmup, duration);
            }
            System.out.println("sweep report: " + dir.resolve("report.md"));
            return runs.stream().allMatch(RunResult::completed) ? 0 : 1;
        }
    }

    private static List<Integer> levels(String sweep) {
        List<Integer> levels = new ArrayList<>();
        for (String part : sweep.split(",")) {
            if (!part.isBlank()) {
                levels.add(Integer.parseInt(part.trim().replace("_", "")));
            }
        }
        if (levels.isEmpty() || levels.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("--sweep takes job counts, e.g. 1000,5000,10000");
        }
        return levels;
    }

    static String summary(Settings s, RunResult r) {
        return String.format(
                Locale.ROOT,
                "%s %s jobs: achieved %s fires/s, missed %s, duplicates %s (AT_MOST_ONCE %s), "
                        + "rows %s/%s, receive drift p50 %s p99 %s p99.9 %s max %s, %s CPU %s%%, target %s -> %s",
                r.scheduler.id,
                Fmt.n(r.jobs),
                Fmt.d(r.achievedPerSecond, 1),
                Fmt.n(r.missed),
                Fmt.n(r.duplicates),
                Fmt.n(r.duplicatesAmo),
                Fmt.n(r.rowsInWindow),
                Fmt.n(r.expected),
                Fmt.ms(r.recvP50),
                Fmt.ms(r.recvP99),
                Fmt.ms(r.recvP999),
                Fmt.ms(r.recvMax),
                r.scheduler.label,
                Fmt.d(r.engineCpuAvg, 0),
                Verdict.passes(s, r) ? "PASS" : "FAIL",
                r.dir.resolve("report.md"));
    }
}
