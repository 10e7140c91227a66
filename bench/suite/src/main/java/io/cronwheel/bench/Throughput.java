package io.cronwheel.bench;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

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
  private static final Set<String> OPTIONS = Set.of("jobs", "warmup", "duration", "amo-fraction", "sweep",
      "scheduler", "compare", "schedulers", "quartz-arg", "db-scheduler-arg",
      "db-url", "db-name", "engine-jar", "engine-jvm", "engine-env", "engine-port", "receiver-port",
      "receiver-event-loops", "receiver-jvm", "register-concurrency", "results", "stop", "db-count-interval",
      "drain-wait", "job-timeout-ms", "target-fires", "target-p99-ms", "target-p999-ms", "ceiling-p99-ms", "help");
  private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*=.*");
  private static final Pattern PEER_ARG = Pattern.compile("[a-z][a-z0-9-]*=.*");

  private Throughput() {}

  static final String USAGE = String.join("\n",
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
    Path benchJar = codeLocation();
    // bench/target/cronwheel-bench.jar (or bench/target/classes) -> bench/
    Path benchDir = benchJar.getParent().getParent();
    Path engineJar = Path.of(args.string("engine-jar", benchDir.resolveSibling("target").resolve("cronwheel.jar")
        .toString())).toAbsolutePath().normalize();
    boolean compare = args.flag("compare");
    SchedulerKind scheduler = SchedulerKind.parse(args.string("scheduler", "cronwheel"));
    List<SchedulerKind> schedulers = new ArrayList<>();
    for (String name : args.string("schedulers", "cronwheel,quartz,db-scheduler").split(",")) {
      if (!name.isBlank()) {
        schedulers.add(SchedulerKind.parse(name));
      }
    }
    boolean runsEngine = compare ? schedulers.contains(SchedulerKind.CRONWHEEL) : !scheduler.isPeer();
    if (runsEngine && !Files.isRegularFile(engineJar)) {
      throw new IllegalStateException("engine jar not found: " + engineJar + ": build it with `mvn -B package "
          + "-DskipTests` in the repository root, or pass --engine-jar");
    }
    // the peers' jar is built beside this one (bench/pom.xml builds both)
    Path peersJar = benchJar.resolveSibling("cronwheel-bench-peers.jar");
    boolean runsPeer = compare ? schedulers.stream().anyMatch(SchedulerKind::isPeer) : scheduler.isPeer();
    if (runsPeer && !Files.isRegularFile(peersJar)) {
      throw new IllegalStateException("peers jar not found: " + peersJar + ": build the benchmarks with `cd bench "
          + "&& mvn -B package`");
    }
    Map<String, String> engineEnv = new LinkedHashMap<>();
    for (String kv : args.all("engine-env")) {
      if (!ENV.matcher(kv).matches()) {
        throw new IllegalArgumentException("--engine-env takes K=V, not " + kv);
      }
      int eq = kv.indexOf('=');
      engineEnv.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    String stop = args.string("stop", "sigterm");
    if (!stop.equals("sigterm") && !stop.equals("pause")) {
      throw new IllegalArgumentException("--stop must be sigterm or pause");
    }
    // side by side, every scheduler gets the same workload: at-least-once jobs only, as the peers are
    double amoFraction = args.decimal("amo-fraction", compare ? 0 : 0.2);
    if (amoFraction < 0 || amoFraction > 1) {
      throw new IllegalArgumentException("--amo-fraction must be in [0, 1]");
    }
    Integer jobTimeout = args.has("job-timeout-ms") ? args.integer("job-timeout-ms", 10_000) : null;
    Settings settings = new Settings(
        benchJar,
        peersJar,
        engineJar,
        Path.of(System.getProperty("java.home"), "bin", "java"),
        Pg.Url.parse(args.string("db-url", "postgresql://postgres@127.0.0.1:5432/postgres")),
        args.string("db-name", "cronwheel_bench"),
        words(args.string("engine-jvm", "-Xmx2g")),
        engineEnv,
        args.integer("engine-port", 8080),
        args.integer("receiver-port", 9999),
        Math.max(1, args.integer("receiver-event-loops", 1)),
        words(args.string("receiver-jvm", "-Xms256m -Xmx1g")),
        amoFraction,
        Math.max(1, args.integer("register-concurrency", 64)),
        stop,
        Math.max(0, args.integer("db-count-interval", 5)),
        Math.max(0, args.integer("drain-wait", 5)),
        jobTimeout,
        args.decimal("target-fires", 10_000),
        args.decimal("target-p99-ms", 200),
        args.decimal("target-p999-ms", 300),
        args.decimal("ceiling-p99-ms", 1000),
        commandLine(argv),
        Path.of("").toAbsolutePath().toString(),
        Map.of(SchedulerKind.QUARTZ, peerArgs(args.all("quartz-arg")), SchedulerKind.DB_SCHEDULER,
            peerArgs(args.all("db-scheduler-arg"))));

    Path results = Path.of(args.string("results", benchDir.resolve("results").toString())).toAbsolutePath();
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss"));
    boolean sweep = args.has("sweep") || compare;
    int warmup = args.integer("warmup", sweep ? 20 : 30);
    int duration = args.integer("duration", sweep ? 60 : 300);
    if (warmup < 0 || duration < 1) {
      throw new IllegalArgumentException("--warmup must be >= 0 and --duration >= 1");
    }
    String kind = scheduler.isPeer() ? "-" + scheduler.id : "";
    try (Http http = new Http(Math.max(8, settings.registerConcurrency() + 4))) {
      if (!sweep) {
        int jobs = args.integer("jobs", 10_000);
        if (jobs < 1) {
          throw new IllegalArgumentException("--jobs must be >= 1");
        }
        Path dir = results.resolve(stamp + kind + "-throughput");
        RunResult r = new BenchRun(settings, scheduler, http, jobs, warmup, duration, dir).run();
        System.out.println();
        System.out.println(summary(settings, r));
        return r.completed() ? 0 : 1;
      }
      List<Integer> levels = new ArrayList<>();
      for (String part : args.string("sweep", "").split(",")) {
        if (!part.isBlank()) {
          levels.add(Integer.parseInt(part.trim().replace("_", "")));
        }
      }
      if (levels.isEmpty() || levels.stream().anyMatch(n -> n < 1)) {
        throw new IllegalArgumentException("--sweep takes job counts, e.g. 1000,5000,10000");
      }
      if (compare) {
        return new Compare(settings, http, schedulers, levels, warmup, duration).run(results.resolve(stamp
            + "-peers")) ? 0 : 1;
      }
      Path dir = results.resolve(stamp + kind + "-sweep");
      Files.createDirectories(dir);
      List<RunResult> runs = new ArrayList<>();
      for (int jobs : levels) {
        System.out.println("=== sweep: " + jobs + " jobs ===");
        RunResult r = new BenchRun(settings, scheduler, http, jobs, warmup, duration, dir.resolve("jobs-" + jobs))
            .run();
        runs.add(r);
        System.out.println(summary(settings, r));
        SweepReport.write(settings, dir, runs, warmup, duration);
      }
      System.out.println("sweep report: " + dir.resolve("report.md"));
      return runs.stream().allMatch(RunResult::completed) ? 0 : 1;
    }
  }

  static String summary(Settings s, RunResult r) {
    return String.format(Locale.ROOT, "%s %s jobs: achieved %s fires/s, missed %s, duplicates %s (AT_MOST_ONCE %s), "
            + "rows %s/%s, receive drift p50 %s p99 %s p99.9 %s max %s, %s CPU %s%%, target %s -> %s",
        r.scheduler.id, RunReport.n(r.jobs), RunReport.d(r.achievedPerSecond, 1), RunReport.n(r.missed),
        RunReport.n(r.duplicates), RunReport.n(r.duplicatesAmo), RunReport.n(r.rowsInWindow), RunReport.n(r.expected),
        RunReport.ms(r.recvP50), RunReport.ms(r.recvP99), RunReport.ms(r.recvP999), RunReport.ms(r.recvMax),
        r.scheduler.label, RunReport.d(r.engineCpuAvg, 0), RunReport.passes(s, r) ? "PASS" : "FAIL",
        r.dir.resolve("report.md"));
  }

  /** {@code ["threads=20"]} to {@code ["--threads", "20"]}. */
  private static List<String> peerArgs(List<String> pairs) {
    List<String> argv = new ArrayList<>();
    for (String kv : pairs) {
      if (!PEER_ARG.matcher(kv).matches()) {
        throw new IllegalArgumentException("peer options take name=value, e.g. threads=20, not " + kv);
      }
      int eq = kv.indexOf('=');
      argv.add("--" + kv.substring(0, eq));
      argv.add(kv.substring(eq + 1));
    }
    return argv;
  }

  private static List<String> words(String s) {
    return s.isBlank() ? List.of() : Arrays.asList(s.trim().split("\\s+"));
  }

  private static Path codeLocation() throws URISyntaxException {
    return Path.of(Throughput.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
  }

  /** The command as it can be typed again. */
  private static String commandLine(String[] argv) {
    StringBuilder s = new StringBuilder("java -cp bench/target/cronwheel-bench.jar io.cronwheel.bench.Throughput");
    for (String a : argv) {
      s.append(' ').append(a.matches("[A-Za-z0-9_./:=,@%+-]+") ? a : "'" + a.replace("'", "'\\''") + "'");
    }
    return s.toString();
  }

  /** The sweep's own report: one line per job count, the ceiling, sweep.png and sweep.csv. */
  static final class SweepReport {
    private SweepReport() {}

    static void write(Settings s, Path dir, List<RunResult> runs, int warmup, int duration) throws IOException {
      RunResult ceiling = null;
      for (RunResult r : runs) {
        if (r.sustains(s.ceilingP99Ms()) && (ceiling == null || r.jobs > ceiling.jobs)) {
          ceiling = r;
        }
      }
      String title = runs.isEmpty() ? "cronwheel" : runs.get(0).scheduler.title();
      StringBuilder md = new StringBuilder("# " + title + " throughput sweep\n\n");
      md.append("**Ceiling: ").append(ceiling == null ? "none of the levels" : RunReport.n(ceiling.jobs)
          + " fires/s").append("** (the highest job count with 0 missed fires and receive p99 drift < ")
          .append(RunReport.d(s.ceilingP99Ms(), 0)).append(" ms).\n\n");
      boolean nonMonotonic = false;
      for (RunResult r : runs) {
        if (ceiling != null && r.jobs < ceiling.jobs && !r.sustains(s.ceilingP99Ms())) {
          nonMonotonic = true;
        }
      }
      if (nonMonotonic) {
        md.append("Note: a lower level failed the criterion while a higher one passed; the machine may have been "
            + "busy during that level (see its machine CPU).\n\n");
      }
      md.append("Each level: fresh database, engine and receiver; ").append(warmup).append(" s warm-up, ")
          .append(duration).append(" s measured. The full report of each level is in its `jobs-N/` directory.\n\n");
      md.append("## Command\n\n```\n").append(s.commandLine()).append("\n```\n\n");
      md.append("## Machine\n\n");
      if (!runs.isEmpty()) {
        RunResult first = runs.get(0);
        md.append("- CPU: ").append(first.machine).append("\n- Memory: ").append(String.format(Locale.ROOT,
            "%.1f GiB", first.memTotalBytes / 1073741824.0)).append("\n- JDK: ").append(first.jdk)
            .append("\n- PostgreSQL: ").append(first.postgresVersion).append("\n- Engine jar: ")
            .append(first.engineJarInfo).append("\n- Engine JVM: ").append(String.join(" ", s.engineJvm()))
            .append(", environment: ").append(s.engineEnv().isEmpty() ? "defaults" : s.engineEnv().toString())
            .append("\n");
      }
      md.append("\n## Results\n\n| Offered fires/s | Achieved fires/s | Missed | Duplicates (AMO) | Rows / expected "
          + "| Receive p50 | p99 | p99.9 | max | Engine p99 (rows) | Engine CPU % | PG CPU % | Machine CPU % "
          + "| PG rows/s | Ceiling criterion | Target |\n|");
      md.append("---|".repeat(16)).append('\n');
      StringBuilder csv = new StringBuilder("jobs,achieved_per_s,missed,duplicates,duplicates_amo,rows_in_window,"
          + "expected,recv_p50_ms,recv_p99_ms,recv_p999_ms,recv_max_ms,engine_p99_db_ms,engine_cpu_pct,"
          + "postgres_cpu_pct,machine_cpu_pct,pg_rows_per_s,sustains,target_pass,completed\n");
      for (RunResult r : runs) {
        md.append("| ").append(RunReport.n(r.jobs)).append(" | ").append(RunReport.d(r.achievedPerSecond, 1))
            .append(" | ").append(RunReport.n(r.missed)).append(" | ").append(RunReport.n(r.duplicates)).append(" (")
            .append(RunReport.n(r.duplicatesAmo)).append(") | ").append(RunReport.n(r.rowsInWindow)).append(" / ")
            .append(RunReport.n(r.expected)).append(" | ").append(RunReport.ms(r.recvP50)).append(" | ")
            .append(RunReport.ms(r.recvP99)).append(" | ").append(RunReport.ms(r.recvP999)).append(" | ")
            .append(RunReport.ms(r.recvMax)).append(" | ").append(RunReport.ms(r.dbP99)).append(" | ")
            .append(RunReport.d(r.engineCpuAvg, 0)).append(" | ").append(RunReport.d(r.postgresCpuAvg, 0))
            .append(" | ").append(RunReport.d(r.machineCpuAvg, 0)).append(" | ")
            .append(RunReport.d(r.pgRowsWrittenPerSecond, 0)).append(" | ")
            .append(!r.completed() ? "run failed: " + r.failure.replace("|", "/").replace("\n", " ")
                : r.sustains(s.ceilingP99Ms()) ? "pass" : "**fail**").append(" | ")
            .append(RunReport.passes(s, r) ? "PASS" : "FAIL").append(" |\n");
        csv.append(r.jobs).append(',').append(RunReport.num(r.achievedPerSecond)).append(',').append(r.missed)
            .append(',').append(r.duplicates).append(',').append(r.duplicatesAmo).append(',').append(r.rowsInWindow)
            .append(',').append(r.expected).append(',').append(RunReport.num(r.recvP50)).append(',')
            .append(RunReport.num(r.recvP99)).append(',').append(RunReport.num(r.recvP999)).append(',')
            .append(RunReport.num(r.recvMax)).append(',').append(RunReport.num(r.dbP99)).append(',')
            .append(RunReport.num(r.engineCpuAvg)).append(',').append(RunReport.num(r.postgresCpuAvg)).append(',')
            .append(RunReport.num(r.machineCpuAvg)).append(',').append(RunReport.num(r.pgRowsWrittenPerSecond))
            .append(',').append(r.sustains(s.ceilingP99Ms())).append(',').append(RunReport.passes(s, r))
            .append(',').append(r.completed()).append('\n');
      }
      md.append("\n![sweep](sweep.png)\n\nTop: achieved fires/s against offered (dashed: achieved = offered). "
          + "Bottom: receive drift over each level's window (log scale); dashed lines: the ceiling criterion and "
          + "the p99 target.\n\nPer-level data: `sweep.csv`.\n");
      Files.writeString(dir.resolve("report.md"), md.toString(), StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("sweep.csv"), csv.toString(), StandardCharsets.UTF_8);
      try {
        chart(s, dir, runs);
      } catch (Exception | Error e) {
        System.err.println("sweep chart failed: " + e);
      }
    }

    private static void chart(Settings s, Path dir, List<RunResult> runs) throws IOException {
      int n = runs.size();
      double[] offered = new double[n];
      double[] achieved = new double[n];
      double[] p50 = new double[n];
      double[] p99 = new double[n];
      double[] p999 = new double[n];
      double[] max = new double[n];
      for (int i = 0; i < n; i++) {
        RunResult r = runs.get(i);
        offered[i] = r.jobs;
        achieved[i] = r.achievedPerSecond;
        p50[i] = r.recvP50;
        p99[i] = r.recvP99;
        p999[i] = r.recvP999;
        max[i] = r.recvMax;
      }
      double top = Arrays.stream(offered).max().orElse(1);
      Charts.Panel throughput = new Charts.Panel("Achieved vs offered", "fires/s", false)
          .points("achieved (distinct fires received / s)", Charts.BLUE, offered, achieved)
          .dashed("ideal: achieved = offered", Charts.GRAY, new double[] {0, top}, new double[] {0, top})
          .legendLeft();
      Charts.Panel drift = new Charts.Panel("Receive drift over the window (log scale)", "ms", true)
          .points("p50", Charts.GREEN, offered, p50)
          .points("p99", Charts.BLUE, offered, p99)
          .points("p99.9", Charts.PURPLE, offered, p999)
          .points("max", Charts.RED, offered, max)
          .hline(s.ceilingP99Ms(), "ceiling criterion: p99 < " + RunReport.d(s.ceilingP99Ms(), 0) + " ms", Charts.RED)
          .hline(s.targetP99Ms(), "p99 target " + RunReport.d(s.targetP99Ms(), 0) + " ms", Charts.BLUE)
          .legendLeft();
      String title = runs.isEmpty() ? "cronwheel" : runs.get(0).scheduler.title();
      Charts.render(dir.resolve("sweep.png"), title + " throughput sweep", "each point: one level with a fresh "
          + "scheduler and database", "offered load (every-second jobs = fires/s)", List.of(throughput, drift), 1200,
          360);
    }
  }
}
