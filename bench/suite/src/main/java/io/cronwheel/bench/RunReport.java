package io.cronwheel.bench;

import static io.cronwheel.bench.Fmt.d;
import static io.cronwheel.bench.Fmt.ms;
import static io.cronwheel.bench.Fmt.n;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;

/**
 * Writes one throughput run's report.md, and through {@link SamplesCsv} and {@link ThroughputChart} its
 * samples.csv and throughput.png.
 */
final class RunReport {
    private RunReport() {}

    static void write(Settings s, RunResult r) throws IOException {
        SamplesCsv.write(r);
        String chartNote = "";
        try {
            ThroughputChart.write(s, r);
        } catch (Exception | Error e) {
            chartNote = "(chart failed: " + e + ")";
        }
        StringBuilder md = new StringBuilder();
        boolean pass = Verdict.passes(s, r);
        String who = r.scheduler.label;
        md.append("# " + r.scheduler.title() + " throughput benchmark, " + n(r.jobs) + " jobs\n\n");
        md.append("Started " + r.startedAt + ". ");
        if (!r.completed()) {
            md.append("**The run did not complete: " + r.failure + "** (see driver.log and " + r.scheduler.logFile()
                    + ").\n\n");
        }
        if (r.scheduler.isPeer()) {
            md.append("**Ceiling criterion: " + (r.sustains(s.targets().ceilingP99Ms()) ? "PASS" : "FAIL") + "** (0 "
                    + "missed fires and receive drift p99 < " + d(s.targets().ceilingP99Ms(), 0) + " ms). A peer "
                    + "run of the side-by-side comparison: cronwheel's target below is shown for comparison only.\n\n");
        }
        md.append("**Target: " + (pass ? "PASS" : "FAIL") + "** ("
                + n(s.targets().firesPerSecond()) + " fires/s sustained, 0 missed, 0 duplicate AT_MOST_ONCE fires, "
                + "every execution recorded, receive drift p99 <= "
                + d(s.targets().p99Ms(), 0) + " ms and p99.9 <= "
                + d(s.targets().p999Ms(), 0) + " ms).\n\n");

        md.append("## Target\n\n| Criterion | Threshold | Measured | Result |\n|---|---|---|---|\n");
        for (Verdict.Criterion c : Verdict.criteria(s, r)) {
            md.append("| " + c.name() + " | " + c.threshold() + " | " + c.measured() + " | "
                    + (c.pass() == null ? "n/a" : c.pass() ? "PASS" : "**FAIL**")
                    + (c.note().isEmpty() ? "" : " (" + c.note() + ")") + " |\n");
        }

        md.append("\n## Machine\n\n| | |\n|---|---|\n");
        row(md, "CPU", r.machine.cpu());
        row(md, "Memory", r.machine.memory());
        row(
                md,
                "Load average at start",
                r.machine.loadAverage() + " (the machine may be shared: compare with machine CPU " + "below)");
        row(md, "JDK", r.machine.jdk());
        row(md, "PostgreSQL", r.postgresVersion);
        row(md, "PostgreSQL settings", r.postgresSettings);
        row(
                md,
                "Engine jar",
                r.scheduler.isPeer() ? "not used: " + who + " runs from the peers' jar" : r.machine.engineJar());

        md.append("\n## Command\n\n```\n" + s.launch().commandLine() + "\n```\n\nrun from `"
                + s.launch().workingDirectory() + "`\n");

        md.append("\n## Parameters\n\n| | |\n|---|---|\n");
        row(
                md,
                "Jobs (offered fires/s)",
                n(r.jobs)
                        + (r.scheduler.isPeer()
                                ? ", every second (UTC), scheduled by the " + who
                                        + " process at start-up, POST to the receiver's /alo/i"
                                : ", schedule `* * * * * *` (UTC), POST to the " + "receiver, default envelope body"));
        row(
                md,
                "AT_MOST_ONCE jobs",
                r.scheduler.isPeer()
                        ? "0: " + who + " is at-least-once"
                        : n(r.amoJobs) + " (--amo-fraction " + s.workload().amoFraction()
                                + "), the rest AT_LEAST_ONCE");
        row(md, "Warm-up / measurement", r.warmupSeconds + " s / " + r.durationSeconds + " s");
        row(
                md,
                "Measurement window",
                r.t0 == 0
                        ? "?"
                        : "[" + r.t0 + ", " + r.t1 + ") = " + Fmt.UTC_TIME.format(Instant.ofEpochSecond(r.t0)) + " to "
                                + Fmt.UTC_TIME.format(Instant.ofEpochSecond(r.t1))
                                + " (scheduled seconds)");
        row(md, who + " JVM", String.join(" ", s.engine().jvm()));
        if (r.scheduler.isPeer()) {
            row(md, who + " command", "`" + r.schedulerCommand + "`");
        } else {
            row(
                    md,
                    "Engine environment",
                    "CRONWHEEL_DB_URL="
                            + s.db().admin().withDatabase(s.db().name()).display()
                            + ", CRONWHEEL_HTTP_HOST=127.0.0.1, CRONWHEEL_HTTP_PORT="
                            + s.engine().port()
                            + (s.engine().env().isEmpty()
                                    ? ""
                                    : ", " + s.engine().env().toString().replaceAll("^\\{|}$", "")));
        }
        row(
                md,
                "Job timeout",
                s.workload().jobTimeoutMs() == null
                        ? "engine default"
                        : s.workload().jobTimeoutMs() + " ms");
        row(
                md,
                "Receiver",
                "port " + s.receiver().port() + ", " + s.receiver().eventLoops() + " event loop(s), JVM "
                        + String.join(" ", s.receiver().jvm()));
        row(
                md,
                "Registration",
                n(s.workload().registerConcurrency()) + " requests in flight; took " + d(r.registrationSeconds, 1)
                        + " s (" + d(r.jobs / r.registrationSeconds, 0) + " jobs/s), " + r.registrationFailures
                        + " failed; POST "
                        + "/api/v1/jobs latency " + r.registrationLatency);
        row(
                md,
                "End of run",
                r.scheduler.isPeer()
                        ? "SIGTERM " + s.workload().drainWaitSeconds() + " s after the window; " + who
                                + " stops, letting running fires finish"
                        : s.workload().stopMode().equals("pause")
                                ? "all jobs paused, backlog drained, then SIGTERM"
                                : "SIGTERM " + s.workload().drainWaitSeconds() + " s after the "
                                        + "window; the engine writes all pending records before it exits");

        md.append("\n## Results\n\n| Metric | Value |\n|---|---|\n");
        row(md, "Achieved fires/s (distinct (job, second) received / window)", d(r.achievedPerSecond, 1));
        row(
                md,
                "Receipts per wall-clock second in the window: mean / min / max",
                d(r.receiptsMean, 1) + " / " + d(r.receiptsMin, 0) + " / " + d(r.receiptsMax, 0));
        row(md, "Expected fires (jobs x seconds)", n(r.expected));
        row(md, "Received (distinct job, second)", n(r.seen));
        row(
                md,
                "Missed",
                n(r.missed) + " (AT_LEAST_ONCE " + n(r.missedAlo) + ", AT_MOST_ONCE " + n(r.missedAmo)
                        + "; jobs with a miss " + n(r.jobsWithMissing) + ", never seen " + n(r.jobsNeverSeen) + ")"
                        + (r.missed > 0 ? "; e.g. " + r.missingSamples : ""));
        row(
                md,
                "Duplicates",
                n(r.duplicates) + " (AT_LEAST_ONCE " + n(r.duplicatesAlo) + ", AT_MOST_ONCE " + n(r.duplicatesAmo) + ")"
                        + (r.duplicates > 0 ? "; e.g. " + r.duplicateSamples : ""));
        row(md, "Retried attempts received (X-Cronwheel-Attempt > 1)", n(r.retriesSeen));
        row(
                md,
                "Receipts for seconds in the window / before it / after it (drain) / malformed",
                n(r.windowReceipts) + " / " + n(r.preWindowReceipts) + " / " + n(r.postWindowReceipts) + " / "
                        + n(r.receiverMalformed));
        row(
                md,
                "**Receive drift** (receiver clock - scheduled second) p50 / p90 / p99 / p99.9 / max / mean",
                r.seen == 0
                        ? "none: no fire of the window arrived"
                        : ms(r.recvP50) + " / " + ms(r.recvP90) + " / " + ms(r.recvP99) + " / " + ms(r.recvP999) + " / "
                                + ms(r.recvMax) + " / " + ms(r.recvMean));
        if (!r.scheduler.isPeer()) {
            engineRows(md, s, r);
        }
        row(
                md,
                "PostgreSQL rows written/s, all tables (pg_stat inserts + updates + deletes)",
                d(r.pgRowsWrittenAllPerSecond, 0));
        row(md, "Rows written/s by table in the window (inserts / updates / deletes)", tableWrites(r));
        row(md, who + " CPU avg / max (% of one core)", d(r.engineCpuAvg, 0) + " / " + d(r.engineCpuMax, 0));
        row(md, who + " RSS max", d(r.engineRssMaxMb, 0) + " MiB");
        row(md, "PostgreSQL server CPU avg (% of one core)", d(r.postgresCpuAvg, 0));
        row(md, "Receiver CPU avg (% of one core)", d(r.receiverCpuAvg, 0));
        row(
                md,
                "Machine CPU avg (% of one core; " + Runtime.getRuntime().availableProcessors() + " cores = "
                        + Runtime.getRuntime().availableProcessors() * 100 + " %)",
                d(r.machineCpuAvg, 0));
        row(
                md,
                who + " exit on SIGTERM",
                (r.engineExitCode == Integer.MIN_VALUE
                                ? "?"
                                : r.engineExitCode == -1 ? "killed (did not exit in time)" : "exit " + r.engineExitCode)
                        + " after " + d(r.engineStopSeconds, 1) + " s");
        row(md, who + " log", n(r.logErrors) + " ERROR, " + n(r.logWarnings) + " WARN lines");
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
        row(md, who + " /metrics at the end (before SIGTERM)", metrics.toString());

        if (r.peerSettings != null) {
            md.append("\n## " + who + " settings\n\n" + r.peerSettings);
        }
        if (!r.logErrorSamples.isEmpty() || !r.logWarningSamples.isEmpty()) {
            md.append("\n### " + who + " log excerpts\n\n```\n");
            r.logErrorSamples.forEach(l -> md.append(l).append('\n'));
            r.logWarningSamples.forEach(l -> md.append(l).append('\n'));
            md.append("```\n");
        }

        md.append("\n## Charts\n\n![throughput](throughput.png) " + chartNote + "\n\n"
                + "Top: receipts per wall-clock second at the receiver, the engine's first attempts per second "
                + "(/metrics) and rows PostgreSQL wrote to `executions`; the dashed line is the offered load. Second: "
                + "receive drift per wall-clock second (log scale) and the engine's own p99 per scheduled second "
                + "(`executions.drift_ms`); dashed: the p99 and p99.9 targets. Then CPU (100 % = one core) and "
                + "resident memory. Grey bands: registration and warm-up before 0, drain and stop after the window.\n");

        md.append("\n## How to read this\n\n"
                + "- *Receive drift* is measured by the receiver: its clock at the request's arrival minus "
                + "`X-Cronwheel-Scheduled-At`. It includes the engine's scheduling delay, the HTTP hop and the "
                + "receiver's own queueing, so it is never smaller than the engine's drift.\n"
                + "- *Missed* counts (job, scheduled second) pairs in the window that never reached the receiver: "
                + "skipped, failed or late beyond the end of the run. *Duplicates* are pairs that arrived twice; for "
                + "AT_LEAST_ONCE jobs they are allowed (retries), for AT_MOST_ONCE they break the guarantee.\n"
                + "- *Every execution recorded*: each pair of the window has one final row in `executions`, and the "
                + "SUCCEEDED rows match what the receiver got.\n"
                + "- All three processes (engine, PostgreSQL, receiver) share this machine's cores; machine CPU near "
                + "its maximum means the result is bound by the machine, not only by the engine.\n");

        md.append("\n## Files\n\n- `samples.csv`: one row per second (receiver, engine, PostgreSQL, CPU, memory)\n"
                + "- `receiver-stats.json`: the receiver's full statistics for the window, with its per-second series\n"
                + "- `metrics-final.txt`, `health-final.json`: the engine's /metrics and /health before the stop\n"
                + "- `" + r.scheduler.logFile() + "`, `receiver.log`, `driver.log`"
                + (r.scheduler.isPeer() ? ", `" + "peer-settings.md` (" + who + "'s settings)" : "") + "\n"
                + "- `summary.json`: the verdict and the main numbers, as JSON\n\nOnly this report, its chart and "
                + "`summary.json` go into git; the other files stay where the run ran (bench/results/.gitignore).\n");
        Files.writeString(r.dir.resolve("report.md"), md.toString(), StandardCharsets.UTF_8);
    }

    /** The rows only cronwheel has: its own drift, its execution history. */
    private static void engineRows(StringBuilder md, Settings s, RunResult r) {
        row(
                md,
                "Engine drift (executions.drift_ms, window) p50 / p90 / p99 / p99.9 / max",
                ms(r.dbP50) + " / " + ms(r.dbP90) + " / " + ms(r.dbP99) + " / " + ms(r.dbP999) + " / " + ms(r.dbMax));
        row(
                md,
                "Engine drift (/metrics, since start incl. warm-up) p50 / p99 / p99.9 / max",
                ms(r.metricsP50) + " / " + ms(r.metricsP99) + " / " + ms(r.metricsP999) + " / " + ms(r.metricsMax));
        row(
                md,
                "Execution rows in the window",
                n(r.rowsInWindow) + " of " + n(r.expected) + " expected; "
                        + r.rowsByTypeAndStatus
                                .toString()
                                .replaceAll("^\\{|}$", "")
                                .replace("=", ": "));
        row(
                md,
                "SUCCEEDED rows vs fires received",
                n(r.succeededRows) + " vs " + n(r.seen) + "; rows not final "
                        + "(CLAIMED/RUNNING): " + n(r.nonFinalRows) + "; jobs with fewer rows than seconds: "
                        + n(r.jobsWithFewerRows));
        if (!r.dbErrorSamples.isEmpty()) {
            row(
                    md,
                    "Rows not SUCCEEDED, by error",
                    String.join("; ", r.dbErrorSamples).replace("|", "\\|"));
        }
        row(md, "Execution rows in the database after the run", n(r.rowsTotal));
        row(md, "PostgreSQL rows written/s to executions (pg_stat inserts + updates)", d(r.pgRowsWrittenPerSecond, 0));
        row(
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

    private static void row(StringBuilder md, String key, String value) {
        md.append("| " + key + " | " + (value == null ? "?" : value.replace("\n", " ")) + " |\n");
    }
}
