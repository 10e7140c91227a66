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
        md.append("# cronwheel scale benchmark, ").append(n(s.mix().total())).append(" jobs\n\n");
        md.append("Started ").append(r.startedAt).append(".");
        if (!r.completed()) {
            md.append(" **The run did not complete: ").append(r.failure).append("** (see driver.log and engine.log).");
        }
        md.append("\n\n## Targets\n\n| Target | Threshold | Measured | Result |\n|---|---|---|---|\n");
        md.append("| heap for ")
                .append(n(s.mix().total()))
                .append(" registered jobs (used after a full GC) | < ")
                .append(n(s.targets().heapMib()))
                .append(" MiB | ")
                .append(d(r.heapAfterGcMib, 0))
                .append(" MiB | ")
                .append(verdict(heapPasses(s, r), r.heapAfterGcMib))
                .append(" |\n");
        md.append("| start-up: process start to every job scheduled | < ")
                .append(d(s.targets().startupSeconds(), 0))
                .append(" s | ")
                .append(d(r.sinceStart(r.loadedAtMillis), 1))
                .append(" s | ")
                .append(verdict(startupPasses(s, r), r.sinceStart(r.loadedAtMillis)))
                .append(" |\n");

        machine(md, s, r);
        md.append("\n## Command\n\n```\n")
                .append(s.launch().commandLine())
                .append("\n```\n\nrun from `")
                .append(s.launch().workingDirectory())
                .append("`\n");
        workload(md, s, r);
        startup(md, s, r);
        memory(md, s, r);
        loaded(md, s, r);

        md.append("\n## Charts\n\n![engine over time](scale.png)")
                .append(chartNote)
                .append("\n\n")
                .append(
                        "x: seconds since the engine process started. Memory: heap used and committed (jstat, every 250 ms; "
                                + "used includes garbage not yet collected) and RSS; the dashed red line is the heap target, which "
                                + "applies to the heap after a full collection (see the table above). Jobs scheduled: what the "
                                + "partitions have taken in, from /health/ready (unknown until the API listens). Then engine CPU and the "
                                + "receive drift of the every-second jobs. Grey bands: start-up, and the API requests.\n\n")
                .append(
                        "![API latency](api-latency.png)\n\nEach kind of request: latency at p50 ... p99.9 and the maximum "
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
        md.append("| every second | ")
                .append(n(m.everySecond()))
                .append(" | `* * * * * *` | ")
                .append(n(m.everySecond()))
                .append(" | receiver, `/alo/<i>` |\n");
        md.append("| every minute | ")
                .append(n(m.minutely()))
                .append(" | `<i mod 60> * * * * *` | ")
                .append(d(m.minutely() / 60.0, 1))
                .append(" | background receiver |\n");
        md.append("| daily | ")
                .append(n(m.daily()))
                .append(" | `s m h * * *`, ")
                .append(n(m.dailyTimes()))
                .append(" distinct times of day, every ")
                .append(m.dailyStepSeconds())
                .append(" s | ")
                .append(d(m.daily() / (double) JobMix.SECONDS_PER_DAY, 1))
                .append(" | background receiver |\n");
        md.append("\nReceivers: `io.cronwheel.bench.Receiver` on ports ")
                .append(s.load().receiverPort())
                .append(" and ")
                .append(s.load().backgroundPort())
                .append(", one event loop each, `-Xms64m -Xmx512m`.\n");
        md.append("\nOne job of each kind was registered through the API; the other ")
                .append(n(r.bulkRows))
                .append(
                        " are copies of those rows made by PostgreSQL (`INSERT ... SELECT generate_series`, new version-7 "
                                + "id, name, schedule and URL), in ")
                .append(d(r.bulkLoadSeconds, 1))
                .append(" s. Then `executions` and "
                        + "the progress marks were emptied (no downtime to replay), `VACUUM ANALYZE jobs` and `CHECKPOINT`. "
                        + "A daily job as the API shows it:\n\n```json\n")
                .append(r.templateJson)
                .append("\n```\n");
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
        md.append("\nThe readings are polled every 250 ms. Peak during start-up: heap used ")
                .append(d(r.startupPeakHeapMib, 0))
                .append(" MiB (including garbage), RSS ")
                .append(d(r.startupPeakRssMib, 0))
                .append(" MiB.\n");
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
                md.append("| `")
                        .append(c.className())
                        .append("` | ")
                        .append(n(c.instances()))
                        .append(" | ")
                        .append(d(c.bytes() / 1048576.0, 1))
                        .append(" | ")
                        .append(d(c.bytes() / (double) s.mix().total(), 1))
                        .append(" |\n");
            }
        }
    }

    private static void loaded(StringBuilder md, ScaleSettings s, ScaleResult r) {
        md.append("\n## While loaded\n\nWindow of scheduled seconds [")
                .append(r.t0)
                .append(", ")
                .append(r.t1)
                .append(") = ")
                .append(
                        r.t0 == 0
                                ? "?"
                                : Fmt.UTC_TIME.format(Instant.ofEpochSecond(r.t0)) + " + "
                                        + s.load().durationSeconds() + " s")
                .append("; the API requests ran ")
                .append(d((r.apiStartMillis - r.t0 * 1000) / 1000.0, 0))
                .append(" to ")
                .append(d((r.apiEndMillis - r.t0 * 1000) / 1000.0, 0))
                .append(" s into it, one kind after the other, ")
                .append(s.load().api().concurrency())
                .append(" in flight.\n\n");
        md.append("| API request | Requests | Errors | p50 | p90 | p99 | p99.9 | max | Requests/s |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        for (ApiLoad.Result a : r.api) {
            md.append("| `")
                    .append(a.name())
                    .append("` | ")
                    .append(n(a.requests()))
                    .append(" | ")
                    .append(n(a.errors()))
                    .append(" | ")
                    .append(ms(a.percentileMs(50)))
                    .append(" | ")
                    .append(ms(a.percentileMs(90)))
                    .append(" | ")
                    .append(ms(a.percentileMs(99)))
                    .append(" | ")
                    .append(ms(a.percentileMs(99.9)))
                    .append(" | ")
                    .append(ms(a.maxMs()))
                    .append(" | ")
                    .append(d(a.perSecond(), 0))
                    .append(" |\n");
        }
        for (ApiLoad.Result a : r.api) {
            if (a.firstError() != null) {
                md.append("\nFirst error of `")
                        .append(a.name())
                        .append("`: ")
                        .append(a.firstError().replace("\n", " "))
                        .append('\n');
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
        md.append("| ")
                .append(name)
                .append(" | ")
                .append(value == null ? "?" : value.replace("|", "\\|"))
                .append(" |\n");
    }

    private static void writeCsv(ScaleResult r) throws IOException {
        StringBuilder csv = new StringBuilder(
                "t_s,heap_used_mib,heap_committed_mib,rss_mib,cpu_pct,scheduled_jobs," + "health_status\n");
        for (EngineWatch.Sample x : r.samples) {
            csv.append(num(r.sinceStart(x.epochMillis())))
                    .append(',')
                    .append(num(x.heapUsedMib()))
                    .append(',')
                    .append(num(x.heapCommittedMib()))
                    .append(',')
                    .append(num(x.rssMib()))
                    .append(',')
                    .append(num(x.cpuPct()))
                    .append(',')
                    .append(x.scheduledJobs())
                    .append(',')
                    .append(x.healthStatus())
                    .append('\n');
        }
        Files.writeString(r.dir.resolve("samples.csv"), csv.toString(), StandardCharsets.UTF_8);
    }
}
