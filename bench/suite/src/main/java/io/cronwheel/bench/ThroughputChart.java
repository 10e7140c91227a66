package io.cronwheel.bench;

import static io.cronwheel.bench.Fmt.d;
import static io.cronwheel.bench.Fmt.ms;
import static io.cronwheel.bench.Fmt.n;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * A throughput run's throughput.png over the whole run: receipts, fires and rows written per second; drift per
 * second; CPU; RSS. Registration and warm-up are shaded before 0, drain and stop after the window.
 */
final class ThroughputChart {
    private ThroughputChart() {}

    static void write(Settings s, RunResult r) throws IOException {
        TreeMap<Long, SecondRows.Row> rows = SecondRows.of(r);
        if (rows.isEmpty() || r.t0 == 0) {
            return;
        }
        List<SecondRows.Row> list = new ArrayList<>(rows.values());
        double[] x = Charts.column(list, row -> row.second - r.t0);
        double start = x[0];
        double end = x[x.length - 1];
        List<ChartPanel> panels = new ArrayList<>();
        String who = r.scheduler.label;
        boolean peer = r.scheduler.isPeer();
        ChartPanel throughput = new ChartPanel("Throughput", "per second", false)
                .line("receiver: receipts/s", Charts.BLUE, x, Charts.column(list, row -> row.receipts))
                .line(who + ": fires/s (/metrics)", Charts.ORANGE, x, Charts.column(list, row -> row.engineFires))
                .line(
                        r.scheduler.isPeer() ? "PostgreSQL: rows written/s (all tables)" : "PostgreSQL: rows written/s",
                        Charts.GREEN,
                        x,
                        Charts.column(list, row -> peer ? row.pgRowsAllPerSecond : row.pgRowsPerSecond))
                .hline(r.jobs, "offered " + n(r.jobs) + "/s", Charts.GRAY);
        ChartPanel drift = new ChartPanel("Drift per second (log scale)", "ms", true)
                .line("receive p50", Charts.GREEN, x, Charts.column(list, row -> row.p50))
                .line("receive p99", Charts.BLUE, x, Charts.column(list, row -> row.p99))
                .line("receive p99.9", Charts.PURPLE, x, Charts.column(list, row -> row.p999))
                .line("receive max", Charts.RED, x, Charts.column(list, row -> row.max));
        if (!r.scheduler.isPeer()) {
            drift.dashed(
                    "engine p99 (executions.drift_ms)", Charts.ORANGE, x, Charts.column(list, row -> row.engineP99Db));
        }
        drift.hline(s.targets().p99Ms(), "p99 target " + d(s.targets().p99Ms(), 0) + " ms", Charts.BLUE)
                .hline(s.targets().p999Ms(), "p99.9 target " + d(s.targets().p999Ms(), 0) + " ms", Charts.PURPLE);
        ChartPanel cpu = new ChartPanel("CPU (100 % = one core)", "% CPU", false)
                .line(who, Charts.ORANGE, x, sampled(list, sample -> sample.engineCpuPct))
                .line("PostgreSQL server", Charts.GREEN, x, sampled(list, sample -> sample.postgresCpuPct))
                .line("receiver", Charts.BLUE, x, sampled(list, sample -> sample.receiverCpuPct))
                .dashed("whole machine", Charts.GRAY, x, sampled(list, sample -> sample.machineCpuPct))
                .range(0.0, null);
        ChartPanel memory = new ChartPanel("Resident memory", "MiB", false)
                .line(who + " RSS", Charts.ORANGE, x, sampled(list, sample -> sample.engineRssMb))
                .line("receiver RSS", Charts.BLUE, x, sampled(list, sample -> sample.receiverRssMb));
        for (ChartPanel p : List.of(throughput, drift, cpu, memory)) {
            if (start < 0) {
                p.shade(start, 0, "registration + warm-up");
            }
            if (end > r.durationSeconds) {
                p.shade(r.durationSeconds, end, "drain + stop");
            }
            panels.add(p);
        }
        String subtitle = n(r.jobs) + " every-second jobs (" + n(r.amoJobs) + " AT_MOST_ONCE), window "
                + r.durationSeconds
                + " s: achieved " + d(r.achievedPerSecond, 0) + " fires/s, missed " + n(r.missed) + ", receive p99 "
                + ms(r.recvP99) + ", p99.9 " + ms(r.recvP999);
        Charts.render(
                r.dir.resolve("throughput.png"),
                new Charts.Figure(
                        r.scheduler.title() + " throughput, " + r.startedAt,
                        subtitle,
                        "seconds since the start of the measurement window",
                        1400,
                        300,
                        false),
                panels);
    }

    /** What the sampler read in each second; NaN where it read nothing. */
    private static double[] sampled(List<SecondRows.Row> rows, ToDoubleFunction<Sample> value) {
        return Charts.column(rows, row -> row.sample == null ? Double.NaN : value.applyAsDouble(row.sample));
    }
}
