package io.cronwheel.bench.gatling;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code api-load.png}: requests/s per request kind, its latency percentiles (log scale), and per phase the CPU of
 * the engine, PostgreSQL and Gatling next to the whole machine's.
 */
final class ReportChart {
    private ReportChart() {}

    static void write(ApiLoadReport.Run run, Path file) throws IOException {
        BarChart rate = new BarChart(
                        "Requests/s per kind (its requests / its phase's wall-clock window)", "requests/s", false)
                .series("requests/s", BarChart.BLUE);
        BarChart latency = new BarChart(
                        "Latency per kind (Gatling: request sent to response received)", "ms (log)", true)
                .series("p50", BarChart.GREEN)
                .series("p75", BarChart.BLUE)
                .series("p95", BarChart.ORANGE)
                .series("p99", BarChart.RED)
                .series("max", BarChart.GRAY);
        for (ApiLoadReport.Kind k : run.measuredKinds()) {
            String label = shortName(k.stats().name());
            rate.category(label, k.requestsPerSecond());
            GatlingStats.RequestStats s = k.stats();
            latency.category(label, s.p50Ms(), s.p75Ms(), s.p95Ms(), s.p99Ms(), s.maxMs());
        }
        int cores = Runtime.getRuntime().availableProcessors();
        BarChart cpu = new BarChart(
                        "CPU per phase, % of one core (the machine has " + cores + " cores = " + cores * 100 + " %)",
                        "% of one core",
                        false)
                .series("engine", BarChart.BLUE)
                .series("PostgreSQL", BarChart.ORANGE)
                .series("Gatling", BarChart.PURPLE)
                .series("machine (all processes)", BarChart.GRAY);
        for (ApiLoadReport.Phase p : run.phases()) {
            ProcessSamples.Usage u = p.usage();
            if (u != null && !p.name().equals(ApiLoadReport.WARM_UP)) {
                cpu.category(
                        p.name(),
                        u.engineCpu(),
                        u.postgresKnown() ? u.postgresCpu() : Double.NaN,
                        u.gatlingCpu(),
                        u.machineCpu());
            }
        }
        String subtitle = String.format(
                Locale.ROOT,
                "%,d jobs, %s virtual users per phase, closed model; %s",
                run.simulation().createdJobs(),
                run.simulation().settings().getOrDefault("concurrency", "?"),
                run.info("startedAt"));
        BarChart.render(
                file, "cronwheel REST API under Gatling load", subtitle, List.of(rate, latency, cpu), 1400, 330);
    }

    /** "patch stale version (412)" is too long under a bar. */
    private static String shortName(String name) {
        return name.replace("patch stale version (412)", "patch stale (412)");
    }
}
