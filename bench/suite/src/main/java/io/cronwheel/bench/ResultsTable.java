package io.cronwheel.bench;

import static io.cronwheel.bench.Fmt.d;
import static io.cronwheel.bench.Fmt.ms;
import static io.cronwheel.bench.Fmt.n;

import java.util.Map;

/**
 * The Results table of a throughput run's report.md: fires, drift, the engine's own drift and execution rows, rows
 * written, CPU and memory, the exit, the log, the final /metrics.
 */
final class ResultsTable {
    private ResultsTable() {}

    static void write(StringBuilder md, Settings s, RunResult r) {
        String who = r.scheduler.label;
        md.append("\n## Results\n\n| Metric | Value |\n|---|---|\n");
        RunReport.row(md, "Achieved fires/s (distinct (job, second) received / window)", d(r.achievedPerSecond, 1));
        RunReport.row(
                md,
                "Receipts per wall-clock second in the window: mean / min / max",
                d(r.receiptsMean, 1) + " / " + d(r.receiptsMin, 0) + " / " + d(r.receiptsMax, 0));
        RunReport.row(md, "Expected fires (jobs x seconds)", n(r.expected));
        RunReport.row(md, "Received (distinct job, second)", n(r.seen));
        RunReport.row(
                md,
                "Missed",
                n(r.missed) + " (AT_LEAST_ONCE " + n(r.missedAlo) + ", AT_MOST_ONCE " + n(r.missedAmo)
                        + "; jobs with a miss " + n(r.jobsWithMissing) + ", never seen " + n(r.jobsNeverSeen) + ")"
                        + (r.missed > 0 ? "; e.g. " + r.missingSamples : ""));
        RunReport.row(
                md,
                "Duplicates",
                n(r.duplicates) + " (AT_LEAST_ONCE " + n(r.duplicatesAlo) + ", AT_MOST_ONCE " + n(r.duplicatesAmo) + ")"
                        + (r.duplicates > 0 ? "; e.g. " + r.duplicateSamples : ""));
        RunReport.row(md, "Retried attempts received (X-Cronwheel-Attempt > 1)", n(r.retriesSeen));
        RunReport.row(
                md,
                "Receipts for seconds in the window / before it / after it (drain) / malformed",
                n(r.windowReceipts) + " / " + n(r.preWindowReceipts) + " / " + n(r.postWindowReceipts) + " / "
                        + n(r.receiverMalformed));
        RunReport.row(
                md,
                "**Receive drift** (receiver clock - scheduled second) p50 / p90 / p99 / p99.9 / max / mean",
                r.seen == 0
                        ? "none: no fire of the window arrived"
                        : ms(r.recvP50) + " / " + ms(r.recvP90) + " / " + ms(r.recvP99) + " / " + ms(r.recvP999) + " / "
                                + ms(r.recvMax) + " / " + ms(r.recvMean));
        if (!r.scheduler.isPeer()) {
            engineRows(md, s, r);
        }
        RunReport.row(
                md,
                "PostgreSQL rows written/s, all tables (pg_stat inserts + updates + deletes)",
                d(r.pgRowsWrittenAllPerSecond, 0));
        RunReport.row(md, "Rows written/s by table in the window (inserts / updates / deletes)", tableWrites(r));
        RunReport.row(md, who + " CPU avg / max (% of one core)", d(r.engineCpuAvg, 0) + " / " + d(r.engineCpuMax, 0));
        RunReport.row(md, who + " RSS max", d(r.engineRssMaxMb, 0) + " MiB");
        RunReport.row(md, "PostgreSQL server CPU avg (% of one core)", d(r.postgresCpuAvg, 0));
        RunReport.row(md, "Receiver CPU avg (% of one core)", d(r.receiverCpuAvg, 0));
        RunReport.row(
                md,
                "Machine CPU avg (% of one core; " + Runtime.getRuntime().availableProcessors() + " cores = "
                        + Runtime.getRuntime().availableProcessors() * 100 + " %)",
                d(r.machineCpuAvg, 0));
        RunReport.row(
                md,
                who + " exit on SIGTERM",
                (r.engineExitCode == Integer.MIN_VALUE
                                ? "?"
                                : r.engineExitCode == -1 ? "killed (did not exit in time)" : "exit " + r.engineExitCode)
                        + " after " + d(r.engineStopSeconds, 1) + " s");
        RunReport.row(md, who + " log", n(r.logErrors) + " ERROR, " + n(r.logWarnings) + " WARN lines");
        StringBuilder metrics = new StringBuilder();
        for (Map.Entry<String, Double> e : r.finalMetrics.entrySet()) {
            if (e.getKey().startsWith("peer_")
                    || e.getKey().startsWith("cronwheel_executions_total")
                    || e.getKey().startsWith("cronwheel_records")
                    || e.getKey().startsWith("cronwheel_claims")
                    || e.getKey().startsWith("cronwheel_errors")
                    || e.getKey().startsWith("cronwheel_fires_total")
                    || e.getKey().startsWith("cronwheel_db_batch_failures")
                    || e.getKey().startsWith("cronwheel_requests_inflight")) {
                metrics.append(metrics.length() == 0 ? "" : ", ")
                        .append(e.getKey().replace("cronwheel_", ""))
                        .append('=')
                        .append(d(e.getValue(), 0));
            }
        }
        RunReport.row(md, who + " /metrics at the end (before SIGTERM)", metrics.toString());
    }

    /** The rows only cronwheel has: its own drift, its execution history. */
    private static void engineRows(StringBuilder md, Settings s, RunResult r) {
        RunReport.row(
                md,
                "Engine drift (executions.drift_ms, window) p50 / p90 / p99 / p99.9 / max",
                ms(r.dbP50) + " / " + ms(r.dbP90) + " / " + ms(r.dbP99) + " / " + ms(r.dbP999) + " / " + ms(r.dbMax));
        RunReport.row(
                md,
                "Engine drift (/metrics, since start incl. warm-up) p50 / p99 / p99.9 / max",
                ms(r.metricsP50) + " / " + ms(r.metricsP99) + " / " + ms(r.metricsP999) + " / " + ms(r.metricsMax));
        RunReport.row(
                md,
                "Execution rows in the window",
                n(r.rowsInWindow) + " of " + n(r.expected) + " expected; "
                        + r.rowsByTypeAndStatus
                                .toString()
                                .replaceAll("^\\{|}$", "")
                                .replace("=", ": "));
        RunReport.row(
                md,
                "SUCCEEDED rows vs fires received",
                n(r.succeededRows) + " vs " + n(r.seen) + "; rows not final "
                        + "(CLAIMED/RUNNING): " + n(r.nonFinalRows) + "; jobs with fewer rows than seconds: "
                        + n(r.jobsWithFewerRows));
        if (!r.dbErrorSamples.isEmpty()) {
            RunReport.row(
                    md,
                    "Rows not SUCCEEDED, by error",
                    String.join("; ", r.dbErrorSamples).replace("|", "\\|"));
        }
        RunReport.row(md, "Execution rows in the database after the run", n(r.rowsTotal));
        RunReport.row(
                md,
                "PostgreSQL rows written/s to executions (pg_stat inserts + updates)",
                d(r.pgRowsWrittenPerSecond, 0));
        RunReport.row(
                md,
                "executions row count growth/s (count(*) every " + s.workload().countIntervalSeconds() + " s)",
                d(r.executionsGrowthPerSecond, 0));
    }

    private static String tableWrites(RunResult r) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, double[]> e : r.tableWritesPerSecond.entrySet()) {
            double[] w = e.getValue();
            if (w[0] + w[1] + w[2] >= 0.05) {
                text.append(text.length() == 0 ? "" : "; ")
                        .append(e.getKey())
                        .append(": ")
                        .append(d(w[0], 0))
                        .append(" / ")
                        .append(d(w[1], 0))
                        .append(" / ")
                        .append(d(w[2], 0));
            }
        }
        return text.length() == 0 ? "none" : text.toString();
    }
}
