package io.cronwheel.bench.peers;

import io.cronwheel.bench.Args;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * What every peer process is told on its command line. The database password, if any, comes from the environment
 * variable {@code BENCH_DB_PASSWORD} so that it never shows in a process list or a report.
 *
 * @param tuning the peer's own options ({@code --threads} ...), read by the peer itself
 */
record PeerOptions(String jdbcUrl, String dbUser, String dbPassword, int jobs, int receiverPort, int statusPort,
    Path outDir, Duration timeout, int scheduleChunk, Args tuning) {
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10); // the engine's default job timeout
  static final int DEFAULT_SCHEDULE_CHUNK = 1000;
  private static final Set<String> COMMON = Set.of("jdbc-url", "db-user", "jobs", "receiver-port", "port", "out",
      "timeout-ms", "schedule-chunk");

  static String usage(String main, Set<String> tuning) {
    return "usage: java -cp bench/target/cronwheel-bench.jar " + main + " --jdbc-url URL --db-user USER --jobs N "
        + "--receiver-port P --port P [--out DIR] [--timeout-ms 10000] [--schedule-chunk 1000]"
        + (tuning.isEmpty() ? "" : " [--" + String.join(" V] [--", tuning) + " V]")
        + "\n(password, if any, in the environment variable BENCH_DB_PASSWORD)";
  }

  static PeerOptions parse(String[] argv, Set<String> tuning) {
    Set<String> known = new HashSet<>(COMMON);
    known.addAll(tuning);
    Args args = Args.parse(argv, Set.of(), known);
    for (String required : new String[] {"jdbc-url", "jobs", "receiver-port", "port"}) {
      if (!args.has(required)) {
        throw new IllegalArgumentException("--" + required + " is required");
      }
    }
    int jobs = args.integer("jobs", 0);
    if (jobs < 1) {
      throw new IllegalArgumentException("--jobs must be >= 1");
    }
    return new PeerOptions(args.string("jdbc-url", null), args.string("db-user", "postgres"),
        System.getenv("BENCH_DB_PASSWORD"), jobs, args.integer("receiver-port", 9999), args.integer("port", 8080),
        Path.of(args.string("out", ".")), Duration.ofMillis(args.integer("timeout-ms",
        (int) DEFAULT_TIMEOUT.toMillis())), Math.max(1, args.integer("schedule-chunk", DEFAULT_SCHEDULE_CHUNK)),
        args);
  }
}
