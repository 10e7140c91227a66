package io.cronwheel.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The two charts of a scale run: the engine over time (scale.png) and the API latency distribution. */
final class ScaleCharts {
    /** Percentiles plotted for each kind of request; the maximum is added as the last point. */
    private static final double[] PERCENTILES = {50, 75, 90, 95, 99, 99.5, 99.9};

    private ScaleCharts() {}

    static void timeline(ScaleSettings s, ScaleResult r) throws IOException {
        List<EngineWatch.Sample> samples = r.samples;
        double[] t = Charts.column(samples, x -> r.sinceStart(x.epochMillis()));
        ChartPanel memory = new ChartPanel("Engine memory", "MiB", false)
                .line("heap used (jstat)", Charts.BLUE, t, Charts.column(samples, EngineWatch.Sample::heapUsedMib))
                .dashed("heap committed", Charts.GRAY, t, Charts.column(samples, EngineWatch.Sample::heapCommittedMib))
                .line("RSS", Charts.ORANGE, t, Charts.column(samples, EngineWatch.Sample::rssMib))
                .hline(s.targets().heapMib(), "heap target " + Fmt.n(s.targets().heapMib()) + " MiB", Charts.RED)
                .legendLeft();
        ChartPanel jobs = new ChartPanel("Jobs scheduled in the partitions (/health/ready)", "jobs", false)
                .line(
                        "scheduledJobs",
                        Charts.GREEN,
                        t,
                        Charts.column(samples, x -> x.scheduledJobs() < 0 ? Double.NaN : x.scheduledJobs()))
                .hline(s.mix().total(), Fmt.n(s.mix().total()) + " registered", Charts.GRAY)
                .legendLeft();
        ChartPanel load = new ChartPanel("Engine CPU (100 % = one core)", "%", false)
                .line("engine CPU", Charts.PURPLE, t, Charts.column(samples, EngineWatch.Sample::cpuPct))
                .legendLeft();
        ChartPanel drift = driftPanel(r);
        List<ChartPanel> panels = List.of(memory, jobs, load, drift);
        for (ChartPanel p : panels) {
            shade(p, r);
        }
        Charts.render(
                r.dir.resolve("scale.png"),
                new Charts.Figure(
                        "cronwheel with " + Fmt.n(s.mix().total()) + " jobs",
                        "start-up, full GC, then fires and API requests while loaded",
                        "seconds since the engine process started",
                        1200,
                        300,
                        false),
                panels);
    }

    private static ChartPanel driftPanel(ScaleResult r) {
        List<double[]> rows = r.driftSeriesMs; // second, receipts, p50, p90, p99, p99.9, max
        double[] t = Charts.column(rows, row -> row[0] - r.engineStartMillis / 1000.0);
        return new ChartPanel("Receive drift of the every-second jobs, per wall-clock second (log scale)", "ms", true)
                .line("p50", Charts.GREEN, t, Charts.column(rows, row -> row[1] > 0 ? row[2] : Double.NaN))
                .line("p99", Charts.BLUE, t, Charts.column(rows, row -> row[1] > 0 ? row[4] : Double.NaN))
                .dashed("max", Charts.RED, t, Charts.column(rows, row -> row[1] > 0 ? row[6] : Double.NaN))
                .legendLeft();
    }

    private static void shade(ChartPanel p, ScaleResult r) {
        if (r.loadedAtMillis > 0) {
            p.shade(0, r.sinceStart(r.loadedAtMillis), "start-up");
        }
        if (r.apiEndMillis > 0) {
            p.shade(r.sinceStart(r.apiStartMillis), r.sinceStart(r.apiEndMillis), "API");
        }
    }

    static void latency(ScaleResult r) throws IOException {
        java.awt.Color[] colors = {Charts.BLUE, Charts.GREEN, Charts.ORANGE, Charts.PURPLE, Charts.BROWN};
        ChartPanel panel =
                new ChartPanel("API latency while " + "loaded, by request (log scale)", "ms", true).legendLeft();
        int c = 0;
        for (ApiLoad.Result result : r.api) {
            if (result.micros().getTotalCount() == 0) {
                continue;
            }
            List<double[]> points = new ArrayList<>();
            for (double q : PERCENTILES) {
                points.add(new double[] {-Math.log10(1 - q / 100), result.percentileMs(q)});
            }
            points.add(new double[] {Math.log10(result.micros().getTotalCount()), result.maxMs()});
            double[] x = points.stream().mapToDouble(p -> p[0]).toArray();
            double[] y = points.stream().mapToDouble(p -> p[1]).toArray();
            panel.points(result.name(), colors[c++ % colors.length], x, y);
        }
        Charts.render(
                r.dir.resolve("api-latency.png"),
                new Charts.Figure(
                        "cronwheel API latency with "
                                + Fmt.n(
                                        r.samples.isEmpty()
                                                ? 0
                                                : r.samples
                                                        .get(r.samples.size() - 1)
                                                        .scheduledJobs()) + " jobs scheduled",
                        "points: p50, p75, p90, p95, p99, p99.5, p99.9, then the maximum",
                        "percentile as -log10(1 - q): 1 = p90, 2 = p99, 3 = p99.9",
                        1200,
                        420,
                        false),
                List.of(panel));
    }
}
