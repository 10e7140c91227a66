package io.cronwheel.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The sections of the comparison's report.md below its headline, and its CSV. */
final class CompareTables {
    private CompareTables() {}

    /** One row per level and scheduler, levels ascending, schedulers in the order they ran. */
    static void results(StringBuilder md, Map<SchedulerKind, List<RunResult>> runs, Settings s) {
        md.append("## Results\n\n| Offered fires/s | Scheduler | Achieved fires/s | Missed | Duplicates | Receive p50 "
                + "| p99 | p99.9 | max | Scheduler CPU % | PostgreSQL CPU % | Machine CPU % | PG rows written/s (all tables) "
                + "| Ceiling criterion |\n|");
        md.append("---|".repeat(14) + "\n");
        for (RunResult r : byLevel(runs)) {
            md.append("| " + Fmt.n(r.jobs) + " | " + r.scheduler.title() + " | " + Fmt.d(r.achievedPerSecond, 1) + " | "
                    + Fmt.n(r.missed) + " | " + Fmt.n(r.duplicates) + " | " + drift(r, r.recvP50) + " | "
                    + drift(r, r.recvP99) + " | " + drift(r, r.recvP999) + " | " + drift(r, r.recvMax) + " | "
                    + Fmt.d(r.engineCpuAvg, 0) + " | " + Fmt.d(r.postgresCpuAvg, 0) + " | " + Fmt.d(r.machineCpuAvg, 0)
                    + " | " + Fmt.d(r.pgRowsWrittenAllPerSecond, 0) + " | " + verdict(r, s) + " |\n");
        }
        md.append("\nCPU: % of one core (" + Runtime.getRuntime().availableProcessors() + " cores = "
                + (Runtime.getRuntime().availableProcessors() * 100) + " %). Rows written: "
                + "inserts + updates + deletes of every table of the run's database (pg_stat_user_tables).\n");
    }

    /** A drift quantile, or a dash when nothing of the window arrived (the histogram is empty, not zero). */
    static String drift(RunResult r, double ms) {
        return r.seen == 0 ? "none received" : Fmt.ms(ms);
    }

    private static String verdict(RunResult r, Settings s) {
        if (!r.completed()) {
            return "run failed: " + r.failure.replace("|", "/").replace("\n", " ");
        }
        return r.sustains(s.targets().ceilingP99Ms()) ? "pass" : "**fail**";
    }

    /** What each scheduler writes to PostgreSQL per fire, at the highest level it sustained (else its last run). */
    static void perFire(StringBuilder md, Map<SchedulerKind, List<RunResult>> runs, Settings s) {
        md.append("## What each scheduler writes per fire\n\nRows per fire received, by table (inserts / updates / "
                + "deletes), over the window of the highest level it sustained. cronwheel's `executions` rows are its "
                + "execution history (one per fire: claimed, then completed); the peers keep no history, only their "
                + "scheduling state.\n\n| Scheduler | Level | Table | Inserts | Updates | Deletes |\n"
                + "|---|---|---|---|---|---|\n");
        for (Map.Entry<SchedulerKind, List<RunResult>> e : runs.entrySet()) {
            RunResult pick = null;
            for (RunResult r : e.getValue()) {
                if (pick == null || r.sustains(s.targets().ceilingP99Ms())) {
                    pick = r;
                }
            }
            if (pick == null || pick.achievedPerSecond <= 0) {
                continue;
            }
            for (Map.Entry<String, double[]> t : pick.tableWritesPerSecond.entrySet()) {
                double[] w = t.getValue();
                if (w[0] + w[1] + w[2] < 0.005 * pick.achievedPerSecond) {
                    continue; // tables the scheduler barely touches while firing
                }
                md.append("| " + e.getKey().title() + " | " + Fmt.n(pick.jobs) + " | `" + t.getKey() + "` | "
                        + Fmt.d(w[0] / pick.achievedPerSecond, 2) + " | " + Fmt.d(w[1] / pick.achievedPerSecond, 2)
                        + " | " + Fmt.d(w[2] / pick.achievedPerSecond, 2) + " |\n");
            }
        }
        md.append('\n');
    }

    /** How each scheduler was set up: the engine's JVM and environment, each peer's tuning with its reasons. */
    static void settings(StringBuilder md, Map<SchedulerKind, List<RunResult>> runs, Settings s) {
        md.append("## Settings\n\n");
        for (Map.Entry<SchedulerKind, List<RunResult>> e : runs.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            RunResult first = e.getValue().get(0);
            md.append("### " + e.getKey().title() + "\n\n");
            if (!e.getKey().isPeer()) {
                md.append("- Engine jar: " + first.machine.engineJar() + "\n- JVM: `"
                        + String.join(" ", s.engine().jvm()) + "`\n- Environment: "
                        + (s.engine().env().isEmpty()
                                ? "defaults"
                                : "`" + s.engine().env() + "`") + "\n- Jobs registered through the REST API, "
                        + s.workload().registerConcurrency()
                        + " requests in flight; schedule `* * * * * *` (UTC), AT_LEAST_ONCE"
                        + (s.workload().amoFraction() > 0
                                ? " (" + s.workload().amoFraction() + " of them AT_MOST_ONCE)"
                                : "")
                        + ", default job timeout\n\n");
                continue;
            }
            md.append("Command (first level):\n\n```\n" + first.schedulerCommand + "\n```\n\n"
                    + (first.peerSettings == null
                            ? "(no peer-settings.md: the process did not start)\n"
                            : first.peerSettings)
                    + "\n");
        }
    }

    static void fairness(StringBuilder md) {
        md.append("## How to read it, and what is not equal\n\n"
                + "- Same machine, same PostgreSQL server and settings, same receiver, same JVM heap, one scheduler at "
                + "a time. Every scheduler, PostgreSQL and the receiver share the machine's cores.\n"
                + "- cronwheel records an execution row per fire (history with status and drift); Quartz and "
                + "db-scheduler only update their scheduling rows. cronwheel does more database work per fire.\n"
                + "- The peers' jobs block a worker thread on the HTTP call (as their users' jobs do); cronwheel's "
                + "requests are asynchronous. That is a design difference the comparison is meant to show.\n"
                + "- db-scheduler reschedules a recurring execution to the next second after it *completes*: a late "
                + "fire skips the seconds that passed (counted as missed). Quartz fires late seconds one by one until "
                + "a trigger is more than the misfire threshold late.\n"
                + "- Each peer is tuned as its own documentation recommends for throughput (see Settings); other "
                + "tunings may do better or worse on this machine. Pass `--quartz-arg K=V` / `--db-scheduler-arg K=V` "
                + "to try them.\n");
    }

    static String csv(Map<SchedulerKind, List<RunResult>> runs, Settings s) {
        StringBuilder csv = new StringBuilder("scheduler,jobs,achieved_per_s,missed,duplicates,recv_p50_ms,recv_p99_ms,"
                + "recv_p999_ms,recv_max_ms,scheduler_cpu_pct,postgres_cpu_pct,machine_cpu_pct,pg_rows_all_per_s,sustains,"
                + "completed\n");
        for (RunResult r : byLevel(runs)) {
            csv.append(r.scheduler.id + "," + r.jobs + "," + Fmt.num(r.achievedPerSecond) + "," + r.missed + ","
                    + r.duplicates + "," + Fmt.num(r.recvP50) + "," + Fmt.num(r.recvP99) + "," + Fmt.num(r.recvP999)
                    + "," + Fmt.num(r.recvMax) + "," + Fmt.num(r.engineCpuAvg) + "," + Fmt.num(r.postgresCpuAvg) + ","
                    + Fmt.num(r.machineCpuAvg) + "," + Fmt.num(r.pgRowsWrittenAllPerSecond) + ","
                    + r.sustains(s.targets().ceilingP99Ms()) + "," + r.completed() + "\n");
        }
        return csv.toString();
    }

    private static List<RunResult> byLevel(Map<SchedulerKind, List<RunResult>> runs) {
        TreeSet<Integer> levels = new TreeSet<>();
        runs.values().forEach(list -> list.forEach(r -> levels.add(r.jobs)));
        List<RunResult> ordered = new ArrayList<>();
        for (int level : levels) {
            for (List<RunResult> list : runs.values()) {
                list.stream().filter(r -> r.jobs == level).forEach(ordered::add);
            }
        }
        return ordered;
    }
}
