package io.cronwheel.bench;

import static io.cronwheel.bench.Fmt.d;
import static io.cronwheel.bench.Fmt.ms;
import static io.cronwheel.bench.Fmt.n;
import static io.cronwheel.bench.Fmt.num;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;

/** Writes a scale run's report.md, samples.csv, scale.png and api-latency.png. */
final class ScaleReport {
    private ScaleReport() {}

    static boolean heapPasses(ScaleSettings s, ScaleResult r) {
        return !Double.isNaN(r.heapAfterGcMib) && r.heapAfterGcMib < s.targets().heapMib();
    }

    static boolean startupPasses(ScaleSettings s, ScaleResult r) {
        return r.loadedAtMillis > 0
                && r.sinceStart(r.loadedAtMillis) < s.targets().startupSeconds();
    }

    static void write(ScaleSettings s, ScaleResult r) throws IOException {
        writeCsv(r);
        String chartNote = "";
        try {
            ScaleCharts.timeline(s, r);
            ScaleCharts.latency(r);
        } catch (Exception | Error e) {
            chartNote = " (chart failed: " + e + ")";
        }
        StringBuilder md = new StringBuilder();
        md.append("# cronwheel scale benchmark, " + n(s.mix().total()) + " jobs\n\n");
        md.append("Started " + r.startedAt + ".");
        if (!r.completed()) {
            md.append(" **The run did not complete: " + r.failure + "** (see driver.log and engine.log).");
        }
        md.append("\n\n## Targets\n\n| Target | Threshold | Measured | Result |\n|---|---|---|---|\n");
        md.append("| heap for " + n(s.mix().total()) + " registered jobs (used after a full GC) | < "
                + n(s.targets().heapMib()) + " MiB | " + d(r.heapAfterGcMib, 0) + " MiB | "
                + verdict(heapPasses(s, r), r.heapAfterGcMib) + " |\n");
        md.append("| start-up: process start to every job scheduled | < "
                + d(s.targets().startupSeconds(), 0) + " s | " + d(r.sinceStart(r.loadedAtMillis), 1) + " s | "
                + verdict(startupPasses(s, r), r.sinceStart(r.loadedAtMillis)) + " |\n");

        machine(md, s, r);
        md.append("\n## Command\n\n```\n" + s.launch().commandLine() + "\n```\n\nrun from `"
                + s.launch().workingDirectory() + "`\n");
        workload(md, s, r);
        startup(md, s, r);
        memory(md, s, r);
        loaded(md, s, r);

        md.append("\n## Charts\n\n![engine over time](scale.png)" + chartNote + "\n\n"
                + "x: seconds since the engine process started. Memory: heap used and committed (jstat, every 250 ms; "
                + "used includes garbage not yet collected) and RSS; the dashed red line is the heap target, which "
                + "applies to the heap after a full collection (see the table above). Jobs scheduled: what the "
                + "partitions have taken in, from /health/ready (unknown until the API listens). Then engine CPU and the "
                + "receive drift of the every-second jobs. Grey bands: start-up, and the API requests.\n\n"
                + "![API latency](api-latency.png)\n\nEach kind of request: latency at p50 ... p99.9 and the maximum "
                + "(x is -log10(1 - q), so 2 = p99).\n");
        md.append("\n## Files\n\n- `samples.csv`: the engine every 250 ms (heap, RSS, CPU, jobs scheduled)\n"
                + "- `class-histogram.txt`: the live objects once loaded (`jcmd GC.class_histogram`, top 200 classes)\n"
                + "- `receiver-stats.json`, `background-receiver-stats.json`: the receivers' statistics for the window\n"
                + "- `engine.log`, `setup-engine.log` (schema and templates), `receiver.log`, `background-receiver.log`, "
                + "`driver.log`\n- `summary.json`: the targets' verdicts and the main numbers, as JSON\n\nOnly this report, "
                + "its charts and `summary.json` go into git; the other files stay where the run ran "
                + "(bench/results/.gitignore).\n");
        Files.writeString(r.dir.resolve("report.md"), md.toString(), StandardCharsets.UTF_8);
    }

    private static String verdict(boolean pass, double measured) {
        return Double.isNaN(measured) ? "not measured" : pass ? "PASS" : "**FAIL**";
    }

    private static void machine(StringBuilder md, ScaleSettings s, ScaleResult r) {
        md.append("\n## Machine\n\n| | |\n|---|---|\n");
        row(md, "CPU", r.machine.cpu());
        row(md, "Memory", r.machine.memory());
        row(md, "Load average at start", r.machine.loadAverage() + " (the machine may be shared)");
        row(md, "JDK", r.machine.jdk());
        row(md, "PostgreSQL", r.postgresVersion + "; " + r.postgresSettings);
        row(md, "Engine jar", r.machine.engineJar());
        row(
                md,
                "Engine JVM options",
                s.engine().jvm().isEmpty()
                        ? "none: the JVM's defaults"
                        : String.join(" ", s.engine().jvm()));
        row(md, "Engine heap limit and collector (jcmd VM.flags)", r.engineHeapLimit);
        row(
                md,
                "Engine environment",
                "CRONWHEEL_DB_URL=" + s.db().bench().display() + ", CRONWHEEL_HTTP_HOST=127.0.0.1, "
                        + "CRONWHEEL_HTTP_PORT=" + s.engine().port()
                        + (s.engine().env().isEmpty()
                                ? ""
                                : ", " + s.engine().env().toString().replaceAll("^\\{|}$", ""))
                        + "; everything else at its default");
    }

    private static void workload(StringBuilder md, ScaleSettings s, ScaleResult r) {
        JobMix m = s.mix();
        md.append("\n## Jobs\n\n| Kind | Jobs | Schedule (UTC) | Fires/s | Target |\n|---|---|---|---|---|\n");
        md.append("| every second | " + n(m.everySecond()) + " | `* * * * * *` | " + n(m.everySecond())
                + " | receiver, `/alo/<i>` |\n");
        md.append("| every minute | " + n(m.minutely()) + " | `<i mod 60> * * * * *` | " + d(m.minutely() / 60.0, 1)
                + " | background receiver |\n");
        md.append("| daily | " + n(m.daily()) + " | `s m h * * *`, " + n(m.dailyTimes())
                + " distinct times of day, every " + m.dailyStepSeconds() + " s | "
                + d(m.daily() / (double) JobMix.SECONDS_PER_DAY, 1) + " | background receiver |\n");
        md.append("\nReceivers: `io.cronwheel.bench.Receiver` on ports "
                + s.load().receiverPort() + " and " + s.load().backgroundPort()
                + ", one event loop each, `-Xms64m -Xmx512m`.\n");
        md.append("\nOne job of each kind was registered through the API; the other " + n(r.bulkRows)
                + " are copies of those rows made by PostgreSQL (`INSERT ... SELECT generate_series`, new version-7 "
                + "id, name, schedule and URL), in " + d(r.bulkLoadSeconds, 1) + " s. Then `executions` and "
                + "the progress marks were emptied (no downtime to replay), `VACUUM ANALYZE jobs` and `CHECKPOINT`. "
                + "A daily job as the API shows it:\n\n```json\n" + r.templateJson + "\n```\n");
    }

    private static void startup(StringBuilder md, ScaleSettings s, ScaleResult r) {
        md.append("\n## Start-up\n\n| From the engine process start to | Seconds |\n|---|---|\n");
        row(
                md,
                "the engine's log line \"loaded N scheduled job(s) in X ms\" (all rows read and handed to the "
                        + "partitions; X = " + n(r.dbLoadReportedMillis) + " ms)",
                d(r.sinceStart(r.dbLoadedLogMillis), 1));
        row(md, "/health/ready answers 200", d(r.sinceStart(r.readyAtMillis), 1));
        row(
                md,
                "**every job scheduled** (/health/ready `scheduledJobs` = "
                        + n(s.mix().total()) + ")",
                "**" + d(r.sinceStart(r.loadedAtMillis), 1) + "**");
        md.append(
                "\nThe readings are polled every 250 ms. Peak during start-up: heap used " + d(r.startupPeakHeapMib, 0)
                        + " MiB (including garbage), RSS " + d(r.startupPeakRssMib, 0) + " MiB.\n");
    }

    private static void memory(StringBuilder md, ScaleSettings s, ScaleResult r) {
        double perJob =
                (r.heapAfterGcMib - r.baselineHeapMib) * 1048576 / s.mix().total();
        md.append("\n## Memory\n\n| | |\n|---|---|\n");
        row(
                md,
                "Heap used after a full GC, every job loaded (`jcmd GC.run`, then `GC.heap_info`)",
                d(r.heapAfterGcMib, 0) + " MiB");
        row(md, "Same, with the 3 template jobs only (setup engine)", d(r.baselineHeapMib, 0) + " MiB");
        row(md, "Heap per job ((loaded - baseline) / jobs)", d(perJob, 0) + " bytes");
        row(md, "RSS right after that full GC", d(r.rssAfterGcMib, 0) + " MiB");
        row(
                md,
                "Heap used after a full GC at the end of the run, RSS then",
                d(r.heapAfterGcEndMib, 0) + " MiB, " + d(r.rssEndMib, 0) + " MiB");
        if (!r.histogram.isEmpty()) {
            md.append("\nLargest live classes once loaded (`jcmd GC.class_histogram`):\n\n"
                    + "| Class | Instances | MiB | Bytes per job |\n|---|---|---|---|\n");
            for (Jcmd.ClassRow c : r.histogram) {
                md.append("| `" + c.className() + "` | " + n(c.instances()) + " | " + d(c.bytes() / 1048576.0, 1)
                        + " | " + d(c.bytes() / (double) s.mix().total(), 1) + " |\n");
            }
        }
    }

    private static void loaded(StringBuilder md, ScaleSettings s, ScaleResult r) {
        md.append("\n## While loaded\n\nWindow of scheduled seconds [" + r.t0 + ", " + r.t1 + ") = "
                + (r.t0 == 0
                        ? "?"
                        : Fmt.UTC_TIME.format(Instant.ofEpochSecond(r.t0)) + " + "
                                + s.load().durationSeconds() + " s")
                + "; the API requests ran " + d((r.apiStartMillis - r.t0 * 1000) / 1000.0, 0) + " to "
                + d((r.apiEndMillis - r.t0 * 1000) / 1000.0, 0) + " s into it, one kind after the other, "
                + s.load().api().concurrency() + " in flight.\n\n");
        md.append("| API request | Requests | Errors | p50 | p90 | p99 | p99.9 | max | Requests/s |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        for (ApiLoad.Result a : r.api) {
            md.append("| `" + a.name() + "` | " + n(a.requests()) + " | " + n(a.errors()) + " | "
                    + ms(a.percentileMs(50)) + " | " + ms(a.percentileMs(90)) + " | " + ms(a.percentileMs(99)) + " | "
                    + ms(a.percentileMs(99.9)) + " | " + ms(a.maxMs()) + " | " + d(a.perSecond(), 0) + " |\n");
        }
        for (ApiLoad.Result a : r.api) {
            if (a.firstError() != null) {
                md.append(
                        "\nFirst error of `" + a.name() + "`: " + a.firstError().replace("\n", " ") + "\n");
            }
        }
        md.append("\nGET: random jobs; list: the page after a random job's id; POST: new daily jobs; PATCH: a new "
                + "schedule for random daily jobs (`If-Match: \"1\"`). Created and patched jobs fire twelve hours away from "
                + "the window.\n\n| Fires in the window | |\n|---|---|\n");
        row(
                md,
                "Every-second jobs: received / expected, missed, duplicates",
                n(r.seen) + " / " + n(r.expected) + ", " + n(r.missed) + ", " + n(r.duplicates));
        row(
                md,
                "Every-second jobs: receive drift p50 / p99 / p99.9 / max",
                ms(r.recvP50) + " / " + ms(r.recvP99) + " / " + ms(r.recvP999) + " / " + ms(r.recvMax));
        row(
                md,
                "Minutely and daily jobs: received (distinct) / expected, duplicates",
                n(r.backgroundSeen) + " / " + n(r.backgroundExpected) + ", " + n(r.backgroundDuplicates));
        row(
                md,
                "Minutely and daily jobs: receive drift p50 / p99 / max",
                ms(r.backgroundP50) + " / " + ms(r.backgroundP99) + " / " + ms(r.backgroundMax));
        row(md, "Engine CPU over the window (% of one core)", d(r.engineCpuInWindow(), 0));
        row(
                md,
                "Engine exit on SIGTERM",
                r.engineExitCode == Integer.MIN_VALUE
                        ? "?"
                        : r.engineExitCode == -1 ? "killed (did not exit in time)" : "exit " + r.engineExitCode);
        row(md, "Engine log", n(r.logErrors) + " ERROR, " + n(r.logWarnings) + " WARN lines");
        if (!r.logSamples.isEmpty()) {
            md.append("\n```\n");
            r.logSamples.forEach(l -> md.append(l).append('\n'));
            md.append("```\n");
        }
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| " + name + " | " + (value == null ? "?" : value.replace("|", "\\|")) + " |\n");
    }

    private static void writeCsv(ScaleResult r) throws IOException {
        StringBuilder csv = new StringBuilder(
                "t_s,heap_used_mib,heap_committed_mib,rss_mib,cpu_pct,scheduled_jobs," + "health_status\n");
        for (EngineWatch.Sample x : r.samples) {
            csv.append(num(r.sinceStart(x.epochMillis())) + "," + num(x.heapUsedMib()) + "," + num(x.heapCommittedMib())
                    + "," + num(x.rssMib()) + "," + num(x.cpuPct()) + "," + x.scheduledJobs() + "," + x.healthStatus()
                    + "\n");
        }
        Files.writeString(r.dir.resolve("samples.csv"), csv.toString(), StandardCharsets.UTF_8);
    }
}
