package io.cronwheel.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** A sweep's own report: one line per job count, the ceiling, sweep.png and sweep.csv. */
final class SweepReport {
    private SweepReport() {}

    static void write(Settings s, Path dir, List<RunResult> runs, int warmup, int duration) throws IOException {
        RunResult ceiling = null;
        for (RunResult r : runs) {
            if (r.sustains(s.targets().ceilingP99Ms()) && (ceiling == null || r.jobs > ceiling.jobs)) {
                ceiling = r;
            }
        }
        String title = runs.isEmpty() ? "cronwheel" : runs.get(0).scheduler.title();
        StringBuilder md = new StringBuilder("# " + title + " throughput sweep\n\n");
        md.append("**Ceiling: " + (ceiling == null ? "none of the levels" : Fmt.n(ceiling.jobs) + " fires/s")
                + "** (the highest job count with 0 missed fires and receive p99 drift < "
                + Fmt.d(s.targets().ceilingP99Ms(), 0) + " ms).\n\n");
        boolean nonMonotonic = false;
        for (RunResult r : runs) {
            if (ceiling != null
                    && r.jobs < ceiling.jobs
                    && !r.sustains(s.targets().ceilingP99Ms())) {
                nonMonotonic = true;
            }
        }
        if (nonMonotonic) {
            md.append("Note: a lower level failed the criterion while a higher one passed; the machine may have been "
                    + "busy during that level (see its machine CPU).\n\n");
        }
        md.append("Each level: fresh database, engine and receiver; " + warmup + " s warm-up, " + duration
                + " s measured. The full report of each level is in its `jobs-N/` directory.\n\n");
        md.append("## Command\n\n```\n" + s.launch().commandLine() + "\n```\n\n");
        md.append("## Machine\n\n");
        if (!runs.isEmpty()) {
            RunResult first = runs.get(0);
            md.append("- CPU: " + first.machine.cpu() + "\n- Memory: " + Fmt.gib(first.machine.memTotalBytes())
                    + "\n- JDK: " + first.machine.jdk() + "\n- PostgreSQL: " + first.postgresVersion
                    + "\n- Engine jar: " + first.machine.engineJar() + "\n- Engine JVM: "
                    + String.join(" ", s.engine().jvm()) + ", environment: "
                    + (s.engine().env().isEmpty()
                            ? "defaults"
                            : s.engine().env().toString()) + "\n");
        }
        md.append("\n## Results\n\n| Offered fires/s | Achieved fires/s | Missed | Duplicates (AMO) | Rows / expected "
                + "| Receive p50 | p99 | p99.9 | max | Engine p99 (rows) | Engine CPU % | PG CPU % | Machine CPU % "
                + "| PG rows/s | Ceiling criterion | Target |\n|");
        md.append("---|".repeat(16) + "\n");
        StringBuilder csv = new StringBuilder("jobs,achieved_per_s,missed,duplicates,duplicates_amo,rows_in_window,"
                + "expected,recv_p50_ms,recv_p99_ms,recv_p999_ms,recv_max_ms,engine_p99_db_ms,engine_cpu_pct,"
                + "postgres_cpu_pct,machine_cpu_pct,pg_rows_per_s,sustains,target_pass,completed\n");
        for (RunResult r : runs) {
            md.append("| " + Fmt.n(r.jobs) + " | " + Fmt.d(r.achievedPerSecond, 1) + " | " + Fmt.n(r.missed) + " | "
                    + Fmt.n(r.duplicates) + " (" + Fmt.n(r.duplicatesAmo) + ") | " + Fmt.n(r.rowsInWindow) + " / "
                    + Fmt.n(r.expected) + " | " + Fmt.ms(r.recvP50) + " | " + Fmt.ms(r.recvP99) + " | "
                    + Fmt.ms(r.recvP999) + " | " + Fmt.ms(r.recvMax) + " | " + Fmt.ms(r.dbP99) + " | "
                    + Fmt.d(r.engineCpuAvg, 0) + " | " + Fmt.d(r.postgresCpuAvg, 0) + " | " + Fmt.d(r.machineCpuAvg, 0)
                    + " | " + Fmt.d(r.pgRowsWrittenPerSecond, 0) + " | "
                    + (!r.completed()
                            ? "run failed: " + r.failure.replace("|", "/").replace("\n", " ")
                            : r.sustains(s.targets().ceilingP99Ms()) ? "pass" : "**fail**")
                    + " | " + (Verdict.passes(s, r) ? "PASS" : "FAIL") + " |\n");
            csv.append(r.jobs + "," + Fmt.num(r.achievedPerSecond) + "," + r.missed + "," + r.duplicates + ","
                    + r.duplicatesAmo + "," + r.rowsInWindow + "," + r.expected + "," + Fmt.num(r.recvP50) + ","
                    + Fmt.num(r.recvP99) + "," + Fmt.num(r.recvP999) + "," + Fmt.num(r.recvMax) + "," + Fmt.num(r.dbP99)
                    + "," + Fmt.num(r.engineCpuAvg) + "," + Fmt.num(r.postgresCpuAvg) + "," + Fmt.num(r.machineCpuAvg)
                    + "," + Fmt.num(r.pgRowsWrittenPerSecond) + ","
                    + r.sustains(s.targets().ceilingP99Ms()) + "," + Verdict.passes(s, r) + "," + r.completed() + "\n");
        }
        md.append("\n![sweep](sweep.png)\n\nTop: achieved fires/s against offered (dashed: achieved = offered). "
                + "Bottom: receive drift over each level's window (log scale); dashed lines: the ceiling criterion and "
                + "the p99 target.\n\nPer-level data: `sweep.csv`.\n");
        Files.writeString(dir.resolve("report.md"), md.toString(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("sweep.csv"), csv.toString(), StandardCharsets.UTF_8);
        RunSummary.writeSweep(s, dir, runs, ceiling);
        try {
            chart(s, dir, runs);
        } catch (Exception | Error e) {
            System.err.println("sweep chart failed: " + e);
        }
    }

    private static void chart(Settings s, Path dir, List<RunResult> runs) throws IOException {
        double[] offered = Charts.column(runs, r -> r.jobs);
        double top = Arrays.stream(offered).max().orElse(1);
        ChartPanel throughput = new ChartPanel("Achieved vs offered", "fires/s", false)
                .points(
                        "achieved (distinct fires received / s)",
                        Charts.BLUE,
                        offered,
                        Charts.column(runs, r -> r.achievedPerSecond))
                .dashed("ideal: achieved = offered", Charts.GRAY, new double[] {0, top}, new double[] {0, top})
                .legendLeft();
        ChartPanel drift = new ChartPanel("Receive drift over the window (log scale)", "ms", true)
                .points("p50", Charts.GREEN, offered, Charts.column(runs, r -> r.recvP50))
                .points("p99", Charts.BLUE, offered, Charts.column(runs, r -> r.recvP99))
                .points("p99.9", Charts.PURPLE, offered, Charts.column(runs, r -> r.recvP999))
                .points("max", Charts.RED, offered, Charts.column(runs, r -> r.recvMax))
                .hline(
                        s.targets().ceilingP99Ms(),
                        "ceiling criterion: p99 < " + Fmt.d(s.targets().ceilingP99Ms(), 0) + " ms",
                        Charts.RED)
                .hline(s.targets().p99Ms(), "p99 target " + Fmt.d(s.targets().p99Ms(), 0) + " ms", Charts.BLUE)
                .legendLeft();
        String title = runs.isEmpty() ? "cronwheel" : runs.get(0).scheduler.title();
        Charts.render(
                dir.resolve("sweep.png"),
                new Charts.Figure(
                        title + " throughput sweep",
                        "each point: one level with a fresh " + "scheduler and database",
                        "offered load (every-second jobs = fires/s)",
                        1200,
                        360,
                        false),
                List.of(throughput, drift));
    }
}
