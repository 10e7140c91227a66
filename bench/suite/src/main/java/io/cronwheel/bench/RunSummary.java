package io.cronwheel.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The summary.json of a throughput run, a sweep or a comparison: the verdict and the main numbers of report.md, a
 * few KB that can be committed where the raw samples cannot. Unknown values are null.
 */
final class RunSummary {
    private RunSummary() {}

    static void write(Settings s, RunResult r) throws IOException {
        JsonObject json = new JsonObject()
                .put("benchmark", "throughput")
                .put("scheduler", r.scheduler.id)
                .put("startedAt", r.startedAt)
                .put("completed", r.completed())
                .put("failure", r.failure)
                .put("jobs", r.jobs)
                .put("atMostOnceJobs", r.amoJobs)
                .put("warmupSeconds", r.warmupSeconds)
                .put("durationSeconds", r.durationSeconds)
                .put("window", r.t0 == 0 ? null : new JsonArray().add(r.t0).add(r.t1));
        JsonArray criteria = new JsonArray();
        for (Verdict.Criterion c : Verdict.criteria(s, r)) {
            criteria.add(new JsonObject()
                    .put("name", c.name())
                    .put("threshold", c.threshold())
                    .put("measured", c.measured())
                    .put("pass", c.pass()));
        }
        json.put("target", new JsonObject().put("pass", Verdict.passes(s, r)).put("criteria", criteria));
        json.put(
                "ceilingCriterion",
                new JsonObject()
                        .put("receiveP99BelowMs", s.targets().ceilingP99Ms())
                        .put("pass", r.sustains(s.targets().ceilingP99Ms())));
        json.put(
                "fires",
                new JsonObject()
                        .put("offeredPerSecond", r.jobs)
                        .put("achievedPerSecond", num(r.achievedPerSecond))
                        .put("expected", count(r.expected))
                        .put("received", count(r.seen))
                        .put("missed", count(r.missed))
                        .put("missedAtLeastOnce", count(r.missedAlo))
                        .put("missedAtMostOnce", count(r.missedAmo))
                        .put("duplicates", count(r.duplicates))
                        .put("duplicatesAtLeastOnce", count(r.duplicatesAlo))
                        .put("duplicatesAtMostOnce", count(r.duplicatesAmo)));
        json.put(
                "receiveDriftMs",
                drift(r.recvP50, r.recvP90, r.recvP99, r.recvP999, r.recvMax).put("mean", num(r.recvMean)));
        if (!r.scheduler.isPeer()) {
            json.put("engineDriftMs", drift(r.dbP50, r.dbP90, r.dbP99, r.dbP999, r.dbMax));
            json.put(
                    "executions",
                    new JsonObject()
                            .put("rowsInWindow", count(r.rowsInWindow))
                            .put("succeeded", count(r.succeededRows))
                            .put("notFinal", count(r.nonFinalRows)));
        }
        json.put(
                "cpuPercentOfOneCore",
                new JsonObject()
                        .put("scheduler", num(r.engineCpuAvg))
                        .put("schedulerMax", num(r.engineCpuMax))
                        .put("postgres", num(r.postgresCpuAvg))
                        .put("receiver", num(r.receiverCpuAvg))
                        .put("machine", num(r.machineCpuAvg)));
        json.put("schedulerRssMaxMib", num(r.engineRssMaxMb));
        json.put(
                "postgresRowsWrittenPerSecond",
                new JsonObject()
                        .put("executions", num(r.pgRowsWrittenPerSecond))
                        .put("allTables", num(r.pgRowsWrittenAllPerSecond)));
        json.put("registrationSeconds", num(r.registrationSeconds));
        json.put("engineLog", new JsonObject().put("errors", r.logErrors).put("warnings", r.logWarnings));
        json.put("machine", machine(r.machine, r.postgresVersion));
        write(r.dir, json);
    }

    /** A sweep's levels and its ceiling. */
    static void writeSweep(Settings s, Path dir, List<RunResult> runs, RunResult ceiling) throws IOException {
        JsonArray levels = new JsonArray();
        runs.forEach(r -> levels.add(level(s, r)));
        write(
                dir,
                new JsonObject()
                        .put("benchmark", "sweep")
                        .put("scheduler", runs.isEmpty() ? null : runs.get(0).scheduler.id)
                        .put("ceilingFiresPerSecond", ceiling == null ? null : ceiling.jobs)
                        .put(
                                "ceilingCriterion",
                                "0 missed and receive p99 < "
                                        + Fmt.d(s.targets().ceilingP99Ms(), 0) + " ms")
                        .put("levels", levels));
    }

    /** A comparison's ceilings, cronwheel's ratios to each peer, and every run. */
    static void writeComparison(
            Settings s, Path dir, List<CompareReport.Ceiling> ceilings, JsonObject ratios, List<RunResult> runs)
            throws IOException {
        JsonArray ceilingJson = new JsonArray();
        for (CompareReport.Ceiling c : ceilings) {
            ceilingJson.add(new JsonObject()
                    .put("scheduler", c.kind().id)
                    .put("sustained", c.sustained())
                    .put("failedAt", c.failedAt())
                    .put("text", c.text()));
        }
        JsonArray levels = new JsonArray();
        runs.forEach(r -> levels.add(level(s, r)));
        write(
                dir,
                new JsonObject()
                        .put("benchmark", "comparison")
                        .put(
                                "ceilingCriterion",
                                "0 missed and receive p99 < "
                                        + Fmt.d(s.targets().ceilingP99Ms(), 0) + " ms")
                        .put("ceilings", ceilingJson)
                        .put("ratios", ratios)
                        .put("runs", levels));
    }

    /** One level of a sweep or a comparison, in a line. */
    private static JsonObject level(Settings s, RunResult r) {
        return new JsonObject()
                .put("scheduler", r.scheduler.id)
                .put("jobs", r.jobs)
                .put("achievedPerSecond", num(r.achievedPerSecond))
                .put("missed", count(r.missed))
                .put("duplicates", count(r.duplicates))
                .put("receiveDriftMs", drift(r.recvP50, Double.NaN, r.recvP99, r.recvP999, r.recvMax))
                .put("schedulerCpuPercent", num(r.engineCpuAvg))
                .put("machineCpuPercent", num(r.machineCpuAvg))
                .put("sustains", r.sustains(s.targets().ceilingP99Ms()))
                .put("completed", r.completed());
    }

    static JsonObject drift(double p50, double p90, double p99, double p999, double max) {
        JsonObject json = new JsonObject().put("p50", num(p50));
        if (!Double.isNaN(p90)) {
            json.put("p90", num(p90));
        }
        return json.put("p99", num(p99)).put("p999", num(p999)).put("max", num(max));
    }

    static JsonObject machine(MachineInfo m, String postgresVersion) {
        return new JsonObject()
                .put("cpu", m.cpu())
                .put("memTotalBytes", count(m.memTotalBytes()))
                .put("loadAverageAtStart", m.loadAverage())
                .put("jdk", m.jdk())
                .put("postgres", postgresVersion)
                .put("engineJar", m.engineJar());
    }

    /** A number for JSON: null when unknown, rounded to what a reader needs. */
    static Double num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : Math.round(v * 1000) / 1000.0;
    }

    static Long count(long v) {
        return v < 0 ? null : v;
    }

    static void write(Path dir, JsonObject json) throws IOException {
        Files.writeString(dir.resolve("summary.json"), json.encodePrettily() + "\n", StandardCharsets.UTF_8);
    }
}
