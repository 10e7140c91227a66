package io.cronwheel.bench;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The comparison's peers.png: achieved against offered fires/s and receive drift p50/p99, one colour per
 * scheduler, each point one run, both axes log scales so Quartz's hundreds and cronwheel's tens of thousands fit.
 */
final class CompareChart {
    private CompareChart() {}

    private static final Map<SchedulerKind, Color> COLORS = Map.of(
            SchedulerKind.CRONWHEEL,
            Charts.BLUE,
            SchedulerKind.QUARTZ,
            Charts.ORANGE,
            SchedulerKind.DB_SCHEDULER,
            Charts.GREEN);

    static void write(Settings s, Path dir, Map<SchedulerKind, List<RunResult>> runs) throws IOException {
        // log scales on both axes: Quartz's hundreds and cronwheel's tens of thousands on one chart
        ChartPanel throughput = new ChartPanel("Achieved vs offered (log scales)", "fires/s", true).legendLeft();
        ChartPanel drift = new ChartPanel("Receive drift over the window (log scale)", "ms", true).legendLeft();
        double top = 1;
        double bottom = Double.POSITIVE_INFINITY;
        for (Map.Entry<SchedulerKind, List<RunResult>> e : runs.entrySet()) {
            List<RunResult> list = e.getValue();
            if (list.isEmpty()) {
                continue;
            }
            double[] offered = Charts.column(list, r -> r.jobs);
            double[] achieved = Charts.column(list, r -> r.achievedPerSecond); // 0: on the log axis's bottom edge
            // nothing received: no drift to draw
            double[] p50 = Charts.column(list, r -> r.seen == 0 ? Double.NaN : r.recvP50);
            double[] p99 = Charts.column(list, r -> r.seen == 0 ? Double.NaN : r.recvP99);
            top = Math.max(top, Arrays.stream(offered).max().orElse(top));
            bottom = Math.min(bottom, Arrays.stream(offered).min().orElse(bottom));
            Color color = COLORS.getOrDefault(e.getKey(), Charts.PURPLE);
            String name = e.getKey().title();
            throughput.points(name, color, offered, achieved);
            drift.points(name + " p99", color, offered, p99).dashed(name + " p50", color, offered, p50);
        }
        if (bottom > top) {
            return; // no run yet
        }
        throughput.dashed(
                "ideal: achieved = offered", Charts.GRAY, new double[] {bottom, top}, new double[] {bottom, top});
        drift.hline(
                s.targets().ceilingP99Ms(),
                "ceiling criterion: p99 < " + Fmt.d(s.targets().ceilingP99Ms(), 0) + " ms",
                Charts.RED);
        Charts.render(
                dir.resolve("peers.png"),
                new Charts.Figure(
                        "cronwheel vs Quartz vs db-scheduler",
                        "each point: one run with a "
                                + "fresh scheduler and database; a scheduler's last point is where it broke",
                        "offered load (every-second " + "jobs = fires/s, log scale)",
                        1200,
                        380,
                        true),
                List.of(throughput, drift));
    }
}
