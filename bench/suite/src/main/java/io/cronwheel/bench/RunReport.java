package io.cronwheel.bench;

import static io.cronwheel.bench.Fmt.d;
import static io.cronwheel.bench.Fmt.n;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;

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

        ResultsTable.write(md, s, r);

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

    static void row(StringBuilder md, String key, String value) {
        md.append("| " + key + " | " + (value == null ? "?" : value.replace("\n", " ")) + " |\n");
    }
}
