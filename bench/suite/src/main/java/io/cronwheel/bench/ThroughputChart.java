package io.cronwheel.bench;

import static io.cronwheel.bench.Fmt.d;
import static io.cronwheel.bench.Fmt.ms;
import static io.cronwheel.bench.Fmt.n;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

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
        int size = rows.size();
        double[] x = new double[size];
        double[] receipts = new double[size];
        double[] fires = new double[size];
        double[] pgRows = new double[size];
        double[] p50 = new double[size];
        double[] p99 = new double[size];
        double[] p999 = new double[size];
        double[] max = new double[size];
        double[] dbP99 = new double[size];
        double[] engineCpu = new double[size];
        double[] pgCpu = new double[size];
        double[] receiverCpu = new double[size];
        double[] machineCpu = new double[size];
        double[] engineRss = new double[size];
        double[] receiverRss = new double[size];
        int i = 0;
        for (SecondRows.Row row : rows.values()) {
            x[i] = row.second - r.t0;
            receipts[i] = row.receipts;
            fires[i] = row.engineFires;
            pgRows[i] = r.scheduler.isPeer() ? row.pgRowsAllPerSecond : row.pgRowsPerSecond;
            p50[i] = row.p50;
            p99[i] = row.p99;
            p999[i] = row.p999;
            max[i] = row.max;
            dbP99[i] = row.engineP99Db;
            Sample sample = row.sample;
            engineCpu[i] = sample == null ? Double.NaN : sample.engineCpuPct;
            pgCpu[i] = sample == null ? Double.NaN : sample.postgresCpuPct;
            receiverCpu[i] = sample == null ? Double.NaN : sample.receiverCpuPct;
            machineCpu[i] = sample == null ? Double.NaN : sample.machineCpuPct;
            engineRss[i] = sample == null ? Double.NaN : sample.engineRssMb;
            receiverRss[i] = sample == null ? Double.NaN : sample.receiverRssMb;
            i++;
        }
        double start = x[0];
        double end = x[size - 1];
        List<ChartPanel> panels = new ArrayList<>();
        String who = r.scheduler.label;
        ChartPanel throughput = new ChartPanel("Throughput", "per second", false)
                .line("receiver: receipts/s", Charts.BLUE, x, receipts)
                .line(who + ": fires/s (/metrics)", Charts.ORANGE, x, fires)
                .line(
                        r.scheduler.isPeer() ? "PostgreSQL: rows written/s (all tables)" : "PostgreSQL: rows written/s",
                        Charts.GREEN,
                        x,
                        pgRows)
                .hline(r.jobs, "offered " + n(r.jobs) + "/s", Charts.GRAY);
        ChartPanel drift = new ChartPanel("Drift per second (log scale)", "ms", true)
                .line("receive p50", Charts.GREEN, x, p50)
                .line("receive p99", Charts.BLUE, x, p99)
                .line("receive p99.9", Charts.PURPLE, x, p999)
                .line("receive max", Charts.RED, x, max);
        if (!r.scheduler.isPeer()) {
            drift.dashed("engine p99 (executions.drift_ms)", Charts.ORANGE, x, dbP99);
        }
        drift.hline(s.targets().p99Ms(), "p99 target " + d(s.targets().p99Ms(), 0) + " ms", Charts.BLUE)
                .hline(s.targets().p999Ms(), "p99.9 target " + d(s.targets().p999Ms(), 0) + " ms", Charts.PURPLE);
        ChartPanel cpu = new ChartPanel("CPU (100 % = one core)", "% CPU", false)
                .line(who, Charts.ORANGE, x, engineCpu)
                .line("PostgreSQL server", Charts.GREEN, x, pgCpu)
                .line("receiver", Charts.BLUE, x, receiverCpu)
                .dashed("whole machine", Charts.GRAY, x, machineCpu)
                .range(0.0, null);
        ChartPanel memory = new ChartPanel("Resident memory", "MiB", false)
                .line(who + " RSS", Charts.ORANGE, x, engineRss)
                .line("receiver RSS", Charts.BLUE, x, receiverRss);
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
                r.scheduler.title() + " throughput, " + r.startedAt,
                subtitle,
                "seconds since the start of the measurement window",
                panels,
                1400,
                300);
    }
}
