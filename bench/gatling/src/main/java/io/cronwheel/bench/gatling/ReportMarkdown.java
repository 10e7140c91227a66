package io.cronwheel.bench.gatling;

import static io.cronwheel.bench.gatling.ApiLoadReport.ms;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The text of {@code report.md}: verdict, results per kind and per phase, checks, machine, command, parameters. */
final class ReportMarkdown {
    private final ApiLoadReport.Run run;
    private final StringBuilder md = new StringBuilder();

    ReportMarkdown(ApiLoadReport.Run run) {
        this.run = run;
    }

    String render() {
        SimulationRecord sim = run.simulation();
        GatlingStats.RequestStats all = run.gatling().all();
        md.append(String.format(Locale.ROOT, "# cronwheel REST API load (Gatling), %,d jobs%n%n", sim.createdJobs()));
        md.append(String.format(
                Locale.ROOT,
                "Started %s. %s virtual users in every phase, closed model (each sends its "
                        + "next request when the previous one answered). **Failed requests: %,d of %,d** (Gatling assertion "
                        + "\"no failed request\": %s). Jobs that fired during the run: %s (none may).%n%n",
                run.info("startedAt"),
                sim.settings().getOrDefault("concurrency", "?"),
                all.failed(),
                all.count(),
                "0".equals(run.info("gatlingExit")) ? "PASS" : "**FAIL**, Gatling exit code " + run.info("gatlingExit"),
                run.info("executionRows")));
        md.append("![requests/s, latency percentiles and CPU per request kind and phase](api-load.png)\n\n");
        kinds();
        phases();
        checks();
        machine();
        command();
        files();
        return md.toString();
    }

    private void kinds() {
        md.append("## Results per request kind\n\n");
        md.append("| Request | Phase | Requests | Failed | Requests/s | p50 ms | p75 ms | p95 ms | p99 ms | max ms "
                + "| mean ms |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ApiLoadReport.Kind k : run.kinds()) {
            GatlingStats.RequestStats s = k.stats();
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %,d | %,d | %,.1f | %s | %s | %s | %s | %s | %s |%n",
                    s.name(),
                    k.phase(),
                    s.count(),
                    s.failed(),
                    k.requestsPerSecond(),
                    ms(s.p50Ms()),
                    ms(s.p75Ms()),
                    ms(s.p95Ms()),
                    ms(s.p99Ms()),
                    ms(s.maxMs()),
                    ms(s.meanMs())));
        }
        md.append("\nThe warm-up runs every endpoint in a loop (create, read, patch, delete; every tenth iteration "
                + "also lists a page) until the JIT compilers of the engine and of Gatling are done; its numbers are not a "
                + "measurement. ");
        md.append("Requests/s = the kind's requests / its phase's wall-clock window (first virtual user's start to "
                + "the last one's end). Kinds of one phase share its window, so their rates add up to the phase's. Latency "
                + "is Gatling's response time (request sent to last byte received, whole milliseconds), over all requests "
                + "of the kind, failed ones included.\n\n");
    }

    private void phases() {
        md.append("## Phases\n\n");
        md.append(
                "| Phase | Duration | Requests | Requests/s | Engine CPU | PostgreSQL CPU | Gatling CPU | Machine CPU "
                        + "| Engine RSS max |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ApiLoadReport.Phase p : run.phases()) {
            ProcessSamples.Usage u = p.usage();
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %.1f s | %,d | %,.1f | %s | %s | %s | %s | %s |%n",
                    p.name(),
                    p.window().seconds(),
                    p.requests(),
                    p.requestsPerSecond(),
                    u == null ? "-" : pct(u.engineCpu()),
                    u == null || !u.postgresKnown() ? "-" : pct(u.postgresCpu()),
                    u == null ? "-" : pct(u.gatlingCpu()),
                    u == null ? "-" : pct(u.machineCpu()),
                    u == null ? "-" : mib(u.engineRssMaxKb())));
        }
        int cores = Runtime.getRuntime().availableProcessors();
        md.append(String.format(
                Locale.ROOT,
                "%nCPU is the average over the phase in %% of one core (%d cores = %d %%), "
                        + "from /proc once a second: the engine process, PostgreSQL (all its processes, including other databases' "
                        + "backends), Gatling (the Maven process tree running it), and the whole machine. Machine CPU well above "
                        + "the sum of the three means something else was running. Engine RSS at the end of the run: peak %s.%n%n",
                cores,
                cores * 100,
                kbToMib(run.info("engineRssPeakKb"))));
    }

    private void checks() {
        SimulationRecord sim = run.simulation();
        Map<String, String> settings = sim.settings();
        md.append("## Checks\n\n| Check | Expected | Measured |\n|---|---|---|\n");
        row("jobs created (201)", settings.get("jobs"), fmt(sim.createdJobs()));
        long bulkJobs = Long.parseLong(settings.getOrDefault("bulkJobs", "0"));
        if (bulkJobs > 0) {
            SimulationRecord.Window bulk = sim.phases().get("bulk");
            row(
                    "jobs created by bulk requests (201 items)",
                    fmt(bulkJobs),
                    fmt(sim.bulkCreatedJobs())
                            + (bulk == null
                                    ? ""
                                    : String.format(
                                            Locale.ROOT,
                                            " in %.1f s (%,.0f jobs/s)",
                                            bulk.seconds(),
                                            sim.bulkCreatedJobs() / bulk.seconds())));
        }
        row(
                "jobs in the database after the run (not deleted)",
                fmt(sim.createdJobs() + sim.bulkCreatedJobs()),
                run.info("jobsRows"));
        row("warm-up jobs, each soft-deleted by the warm-up", fmt(sim.warmUpJobs()), run.info("deletedRows"));
        long patched = run.kinds().stream()
                .filter(k -> k.stats().name().equals("patch"))
                .mapToLong(k -> k.stats().ok())
                .sum();
        row("jobs at version 2 (one successful PATCH each)", fmt(patched), run.info("version2Rows"));
        row(
                "paused jobs (one in ten patches sets active=false)",
                fmt(sim.expectedListItems().getOrDefault("active=false", 0L)),
                run.info("pausedRows"));
        run.kinds().stream()
                .filter(k -> k.stats().name().startsWith("patch stale"))
                .findFirst()
                .ifPresent(k -> row(
                        "stale If-Match answered 412",
                        fmt(k.stats().count()),
                        fmt(k.stats().ok())));
        walkChecks(sim);
        row("executions recorded (no job may fire during the run)", "0", run.info("executionRows"));
        row("engine exit after SIGTERM", "0", run.info("engineExit"));
        row(
                "engine log ERROR / WARN lines",
                "0 / 0",
                run.info("engineErrorLines") + " / " + run.info("engineWarnLines"));
        md.append("\n");
    }

    /** Each complete walk must return exactly the jobs its filter selects. */
    private void walkChecks(SimulationRecord sim) {
        Map<String, List<SimulationRecord.Walk>> byKind = sim.walks().stream()
                .collect(Collectors.groupingBy(
                        SimulationRecord.Walk::kind, java.util.TreeMap::new, Collectors.toList()));
        byKind.forEach((kind, walks) -> {
            List<SimulationRecord.Walk> complete =
                    walks.stream().filter(SimulationRecord.Walk::complete).toList();
            long exact = complete.stream()
                    .filter(w -> sim.expectedListItems().getOrDefault(w.filter(), -1L) == w.items())
                    .count();
            int pages = walks.stream().mapToInt(SimulationRecord.Walk::pages).sum();
            row(
                    "`" + kind
                            + "`: complete walks (first page to `next: null`) returning exactly the jobs of their filter",
                    "all complete walks",
                    String.format(
                            Locale.ROOT,
                            "%d of %d complete walks (%d cut short by the page " + "budget), %,d pages in all",
                            exact,
                            complete.size(),
                            walks.size() - complete.size(),
                            pages));
        });
    }

    private void machine() {
        md.append("## Machine\n\n| | |\n|---|---|\n");
        row("CPU", MachineInfo.cpu());
        row("Memory", MachineInfo.memory());
        row(
                "Load average at start",
                run.info("loadAverageAtStart") + " (the machine may be shared: compare with " + "machine CPU above)");
        row("JDK", MachineInfo.jdk());
        row("PostgreSQL", run.info("postgresVersion"));
        row("PostgreSQL settings", run.info("postgresSettings"));
        if (run.info("postgresSettings").contains("autovacuum=off")) {
            row(
                    "ANALYZE by the driver",
                    run.info("analyzeRuns") + " times, once a minute: autovacuum is off on this "
                            + "server, and without statistics the planner sorts the whole jobs table for every list page");
        }
        row("Engine jar", run.info("engineJar"));
        row("Engine JVM", run.info("engineJvm"));
        row("Engine database", run.info("engineDbUrl"));
        md.append("\n");
    }

    private void command() {
        md.append("## Command\n\n```\n")
                .append(run.info("command"))
                .append("\n```\n\nrun from `")
                .append(run.info("workingDirectory"))
                .append("`. Simulation parameters:\n\n| | |\n|---|---|\n");
        run.simulation().settings().forEach((k, v) -> row("`-D" + k + "`", v));
        md.append("\n");
    }

    private void files() {
        md.append("## Files\n\n| File | Content |\n|---|---|\n");
        row("`report.md`, `api-load.png`", "this report and its chart");
        row("`summary.json`", "the numbers of the tables above as JSON");
        row("`phases.json`", "what the simulation recorded: phase windows, settings, every list walk; not in git");
        row("`samples.txt`", "CPU ticks and engine RSS once a second (see run.sh); not in git");
        row(
                "`engine.log`, `gatling.log`, `driver.log`",
                "the engine's output, Maven's and Gatling's console, the driver's steps; not in git");
        row(
                "`" + run.info("gatlingHtml") + "/index.html`",
                "Gatling's HTML report (response times over time, "
                        + "distribution); not in git (bench/results/.gitignore)");
    }

    private void row(String a, String b) {
        md.append("| ").append(a).append(" | ").append(b).append(" |\n");
    }

    /** A check: numbers get thousands separators, whichever side they come from. */
    private void row(String a, String b, String c) {
        md.append("| ")
                .append(a)
                .append(" | ")
                .append(grouped(b))
                .append(" | ")
                .append(grouped(c))
                .append(" |\n");
    }

    private static String grouped(String value) {
        return value.matches("\\d+") ? fmt(Long.parseLong(value)) : value;
    }

    private static String fmt(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private static String pct(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.0f %%", v) : "-";
    }

    private static String mib(long kb) {
        return String.format(Locale.ROOT, "%,.0f MiB", kb / 1024.0);
    }

    private static String kbToMib(String kb) {
        try {
            return mib(Long.parseLong(kb.trim()));
        } catch (NumberFormatException e) {
            return "?";
        }
    }
}
