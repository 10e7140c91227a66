package io.cronwheel.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Everything a throughput run needs besides its load (jobs, warm-up, duration). */
record Settings(
        Launch launch, Database db, EngineSetup engine, ReceiverSetup receiver, Workload workload, Targets targets) {
    private static final Pattern PEER_ARG = Pattern.compile("[a-z][a-z0-9-]*=.*");

    /** The options of {@code Throughput}; {@code compare}: a side-by-side comparison, which defaults to no AMO jobs. */
    static Settings parse(Args args, Launch launch, boolean compare) {
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
        return new Settings(
                launch,
                Database.parse(args, "cronwheel_bench"),
                EngineSetup.parse(
                        args,
                        "-Xmx2g",
                        Map.of(
                                SchedulerKind.QUARTZ,
                                peerArgs(args.all("quartz-arg")),
                                SchedulerKind.DB_SCHEDULER,
                                peerArgs(args.all("db-scheduler-arg")))),
                new Settings.ReceiverSetup(
                        args.integer("receiver-port", 9999),
                        Math.max(1, args.integer("receiver-event-loops", 1)),
                        args.words("receiver-jvm", "-Xms256m -Xmx1g")),
                new Settings.Workload(
                        amoFraction,
                        Math.max(1, args.integer("register-concurrency", 64)),
                        jobTimeout,
                        stop,
                        Math.max(0, args.integer("drain-wait", 5)),
                        Math.max(0, args.integer("db-count-interval", 5))),
                new Settings.Targets(
                        args.decimal("target-fires", 10_000),
                        args.decimal("target-p99-ms", 200),
                        args.decimal("target-p999-ms", 300),
                        args.decimal("ceiling-p99-ms", 1000)));
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

    /** The receiver's process: its port, event loops and JVM options. */
    record ReceiverSetup(int port, int eventLoops, List<String> jvm) {}

    /**
     * How the jobs are registered and the run ends.
     *
     * @param jobTimeoutMs the jobs' {@code timeoutMs}, null for the engine's default
     * @param stopMode "sigterm", or "pause" (pause every job and wait for quiet first)
     * @param countIntervalSeconds an exact {@code count(*)} of {@code executions} this often, 0 = never
     */
    record Workload(
            double amoFraction,
            int registerConcurrency,
            Integer jobTimeoutMs,
            String stopMode,
            int drainWaitSeconds,
            int countIntervalSeconds) {

        /** Whether job {@code index} is at-most-once: spreads {@code amoFraction} of the jobs evenly over the indexes. */
        boolean isAmo(int index) {
            return Math.floor((index + 1) * amoFraction) - Math.floor(index * amoFraction) >= 1;
        }
    }

    /** The target a run is judged by, and the sweep's ceiling criterion (receive p99 below {@code ceilingP99Ms}). */
    record Targets(double firesPerSecond, double p99Ms, double p999Ms, double ceilingP99Ms) {}
}
