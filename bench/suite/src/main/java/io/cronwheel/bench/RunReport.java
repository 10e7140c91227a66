package io.cronwheel.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import io.vertx.core.json.JsonArray;

/** Writes one run's report.md, samples.csv and throughput.png. */
final class RunReport {
  private RunReport() {}

  /** One line of the target table; {@code pass} is null when it could not be evaluated. */
  record Criterion(String name, String threshold, String measured, Boolean pass, String note) {}

  static List<Criterion> criteria(Settings s, RunResult r) {
    List<Criterion> list = new ArrayList<>();
    boolean offeredEnough = r.jobs >= s.targetFiresPerSecond();
    list.add(new Criterion("sustained fires/s at the receiver", ">= " + n(s.targetFiresPerSecond()),
        d(r.achievedPerSecond, 1) + " /s (offered " + n(r.jobs) + " /s)",
        Double.isNaN(r.achievedPerSecond) ? null : r.achievedPerSecond >= s.targetFiresPerSecond(),
        offeredEnough ? "" : "offered load is below the target: run with --jobs " + n(s.targetFiresPerSecond())));
    list.add(new Criterion("missed fires", "0", r.missed < 0 ? "?" : n(r.missed) + " of " + n(r.expected),
        r.missed < 0 ? null : r.missed == 0, r.missed > 0 ? "AT_LEAST_ONCE " + n(r.missedAlo) + ", AT_MOST_ONCE "
            + n(r.missedAmo) : ""));
    list.add(new Criterion("duplicate AT_MOST_ONCE fires", "0", r.duplicatesAmo < 0 ? "?" : n(r.duplicatesAmo),
        r.duplicatesAmo < 0 ? null : r.duplicatesAmo == 0, r.duplicatesAlo > 0
            ? "AT_LEAST_ONCE duplicates (allowed): " + n(r.duplicatesAlo) : ""));
    Boolean recorded = r.rowsInWindow < 0 || r.seen < 0 ? null
        : r.rowsInWindow == r.expected && r.succeededRows == r.seen && r.nonFinalRows == 0;
    list.add(new Criterion("every execution recorded",
        "one final row per (job, second); SUCCEEDED rows = fires received",
        r.scheduler.isPeer() ? "n/a: " + r.scheduler.label + " keeps no execution history"
            : r.rowsInWindow < 0 ? "?" : n(r.rowsInWindow) + " rows / " + n(r.expected) + " expected; SUCCEEDED "
            + n(r.succeededRows) + " vs " + n(r.seen) + " received; not final " + n(r.nonFinalRows),
        recorded, ""));
    list.add(new Criterion("receive drift p99", "<= " + d(s.targetP99Ms(), 0) + " ms", d(r.recvP99, 1) + " ms",
        Double.isNaN(r.recvP99) ? null : r.recvP99 <= s.targetP99Ms(), ""));
    list.add(new Criterion("receive drift p99.9", "<= " + d(s.targetP999Ms(), 0) + " ms", d(r.recvP999, 1) + " ms",
        Double.isNaN(r.recvP999) ? null : r.recvP999 <= s.targetP999Ms(), ""));
    return list;
  }

  static boolean passes(Settings s, RunResult r) {
    return r.completed() && criteria(s, r).stream().allMatch(c -> Boolean.TRUE.equals(c.pass()));
  }

  static void write(Settings s, RunResult r) throws IOException {
    writeCsv(r);
    String chartNote = "";
    try {
      writeChart(s, r);
    } catch (Exception | Error e) {
      chartNote = "(chart failed: " + e + ")";
    }
    StringBuilder md = new StringBuilder();
    boolean pass = passes(s, r);
    String who = r.scheduler.label;
    md.append("# ").append(r.scheduler.title()).append(" throughput benchmark, ").append(n(r.jobs)).append(" jobs\n\n");
    md.append("Started ").append(r.startedAt).append(". ");
    if (!r.completed()) {
      md.append("**The run did not complete: ").append(r.failure).append("** (see driver.log and ")
          .append(r.scheduler.logFile()).append(").\n\n");
    }
    if (r.scheduler.isPeer()) {
      md.append("**Ceiling criterion: ").append(r.sustains(s.ceilingP99Ms()) ? "PASS" : "FAIL").append("** (0 ")
          .append("missed fires and receive drift p99 < ").append(d(s.ceilingP99Ms(), 0)).append(" ms). A peer ")
          .append("run of the side-by-side comparison: cronwheel's target below is shown for comparison only.\n\n");
    }
    md.append("**Target: ").append(pass ? "PASS" : "FAIL").append("** (")
        .append(n(s.targetFiresPerSecond())).append(" fires/s sustained, 0 missed, 0 duplicate AT_MOST_ONCE fires, ")
        .append("every execution recorded, receive drift p99 <= ").append(d(s.targetP99Ms(), 0))
        .append(" ms and p99.9 <= ").append(d(s.targetP999Ms(), 0)).append(" ms).\n\n");

    md.append("## Target\n\n| Criterion | Threshold | Measured | Result |\n|---|---|---|---|\n");
    for (Criterion c : criteria(s, r)) {
      md.append("| ").append(c.name()).append(" | ").append(c.threshold()).append(" | ").append(c.measured())
          .append(" | ").append(c.pass() == null ? "n/a" : c.pass() ? "PASS" : "**FAIL**")
          .append(c.note().isEmpty() ? "" : " (" + c.note() + ")").append(" |\n");
    }

    md.append("\n## Machine\n\n| | |\n|---|---|\n");
    row(md, "CPU", r.machine);
    row(md, "Memory", r.memTotalBytes < 0 ? "?" : String.format(Locale.ROOT, "%.1f GiB (/proc/meminfo MemTotal)",
        r.memTotalBytes / 1073741824.0));
    row(md, "Load average at start", r.loadAverageAtStart + " (the machine may be shared: compare with machine CPU "
        + "below)");
    row(md, "JDK", r.jdk);
    row(md, "PostgreSQL", r.postgresVersion);
    row(md, "PostgreSQL settings", r.postgresSettings);
    row(md, "Engine jar", r.scheduler.isPeer() ? "not used: " + who + " runs from the bench jar" : r.engineJarInfo);

    md.append("\n## Command\n\n```\n").append(s.commandLine()).append("\n```\n\nrun from `")
        .append(s.workingDirectory()).append("`\n");

    md.append("\n## Parameters\n\n| | |\n|---|---|\n");
    row(md, "Jobs (offered fires/s)", n(r.jobs) + (r.scheduler.isPeer() ? ", every second (UTC), scheduled by the "
        + who + " process at start-up, POST to the receiver's /alo/i" : ", schedule `* * * * * *` (UTC), POST to the "
        + "receiver, default envelope body"));
    row(md, "AT_MOST_ONCE jobs", r.scheduler.isPeer() ? "0: " + who + " is at-least-once" : n(r.amoJobs)
        + " (--amo-fraction " + s.amoFraction() + "), the rest AT_LEAST_ONCE");
    row(md, "Warm-up / measurement", r.warmupSeconds + " s / " + r.durationSeconds + " s");
    row(md, "Measurement window", r.t0 == 0 ? "?" : "[" + r.t0 + ", " + r.t1 + ") = " + BenchRun.UTC_TIME.format(
        Instant.ofEpochSecond(r.t0)) + " to " + BenchRun.UTC_TIME.format(Instant.ofEpochSecond(r.t1))
        + " (scheduled seconds)");
    row(md, who + " JVM", String.join(" ", s.engineJvm()));
    if (r.scheduler.isPeer()) {
      row(md, who + " command", "`" + r.schedulerCommand + "`");
    } else {
      row(md, "Engine environment", "CRONWHEEL_DB_URL=" + s.adminDb().withDatabase(s.dbName()).display()
          + ", CRONWHEEL_HTTP_HOST=127.0.0.1, CRONWHEEL_HTTP_PORT=" + s.enginePort() + (s.engineEnv().isEmpty() ? ""
          : ", " + s.engineEnv().toString().replaceAll("^\\{|}$", "")));
    }
    row(md, "Job timeout", s.jobTimeoutMs() == null ? "engine default" : s.jobTimeoutMs() + " ms");
    row(md, "Receiver", "port " + s.receiverPort() + ", " + s.receiverEventLoops() + " event loop(s), JVM "
        + String.join(" ", s.receiverJvm()));
    row(md, "Registration", n(s.registerConcurrency()) + " requests in flight; took " + d(r.registrationSeconds, 1)
        + " s (" + d(r.jobs / r.registrationSeconds, 0) + " jobs/s), " + r.registrationFailures + " failed; POST "
        + "/api/v1/jobs latency " + r.registrationLatency);
    row(md, "End of run", r.scheduler.isPeer() ? "SIGTERM " + s.drainWaitSeconds() + " s after the window; "
        + who + " stops, letting running fires finish" : s.stopMode().equals("pause")
        ? "all jobs paused, backlog drained, then SIGTERM" : "SIGTERM " + s.drainWaitSeconds() + " s after the "
        + "window; the engine writes all pending records before it exits");

    md.append("\n## Results\n\n| Metric | Value |\n|---|---|\n");
    row(md, "Achieved fires/s (distinct (job, second) received / window)", d(r.achievedPerSecond, 1));
    row(md, "Receipts per wall-clock second in the window: mean / min / max", d(r.receiptsMean, 1) + " / "
        + d(r.receiptsMin, 0) + " / " + d(r.receiptsMax, 0));
    row(md, "Expected fires (jobs x seconds)", n(r.expected));
    row(md, "Received (distinct job, second)", n(r.seen));
    row(md, "Missed", n(r.missed) + " (AT_LEAST_ONCE " + n(r.missedAlo) + ", AT_MOST_ONCE " + n(r.missedAmo)
        + "; jobs with a miss " + n(r.jobsWithMissing) + ", never seen " + n(r.jobsNeverSeen) + ")"
        + (r.missed > 0 ? "; e.g. " + r.missingSamples : ""));
    row(md, "Duplicates", n(r.duplicates) + " (AT_LEAST_ONCE " + n(r.duplicatesAlo) + ", AT_MOST_ONCE "
        + n(r.duplicatesAmo) + ")" + (r.duplicates > 0 ? "; e.g. " + r.duplicateSamples : ""));
    row(md, "Retried attempts received (X-Cronwheel-Attempt > 1)", n(r.retriesSeen));
    row(md, "Receipts for seconds in the window / before it / after it (drain) / malformed", n(r.windowReceipts)
        + " / " + n(r.preWindowReceipts) + " / " + n(r.postWindowReceipts) + " / " + n(r.receiverMalformed));
    row(md, "**Receive drift** (receiver clock - scheduled second) p50 / p90 / p99 / p99.9 / max / mean",
        r.seen == 0 ? "none: no fire of the window arrived" : ms(r.recvP50) + " / " + ms(r.recvP90) + " / "
            + ms(r.recvP99) + " / " + ms(r.recvP999) + " / " + ms(r.recvMax) + " / " + ms(r.recvMean));
    if (!r.scheduler.isPeer()) {
      engineRows(md, s, r);
    }
    row(md, "PostgreSQL rows written/s, all tables (pg_stat inserts + updates + deletes)",
        d(r.pgRowsWrittenAllPerSecond, 0));
    row(md, "Rows written/s by table in the window (inserts / updates / deletes)", tableWrites(r));
    row(md, who + " CPU avg / max (% of one core)", d(r.engineCpuAvg, 0) + " / " + d(r.engineCpuMax, 0));
    row(md, who + " RSS max", d(r.engineRssMaxMb, 0) + " MiB");
    row(md, "PostgreSQL server CPU avg (% of one core)", d(r.postgresCpuAvg, 0));
    row(md, "Receiver CPU avg (% of one core)", d(r.receiverCpuAvg, 0));
    row(md, "Machine CPU avg (% of one core; " + Runtime.getRuntime().availableProcessors() + " cores = "
        + Runtime.getRuntime().availableProcessors() * 100 + " %)", d(r.machineCpuAvg, 0));
    row(md, who + " exit on SIGTERM", (r.engineExitCode == Integer.MIN_VALUE ? "?" : r.engineExitCode == -1
        ? "killed (did not exit in time)" : "exit " + r.engineExitCode) + " after " + d(r.engineStopSeconds, 1) + " s");
    row(md, who + " log", n(r.logErrors) + " ERROR, " + n(r.logWarnings) + " WARN lines");
    StringBuilder metrics = new StringBuilder();
    for (Map.Entry<String, Double> e : r.finalMetrics.entrySet()) {
      if (e.getKey().startsWith("peer_") || e.getKey().startsWith("cronwheel_executions_total")
          || e.getKey().startsWith("cronwheel_records")
          || e.getKey().startsWith("cronwheel_claims") || e.getKey().startsWith("cronwheel_errors")
          || e.getKey().startsWith("cronwheel_fires_total") || e.getKey().startsWith("cronwheel_db_batch_failures")
          || e.getKey().startsWith("cronwheel_requests_inflight")) {
        metrics.append(metrics.length() == 0 ? "" : ", ").append(e.getKey().replace("cronwheel_", ""))
            .append('=').append(d(e.getValue(), 0));
      }
    }
    row(md, who + " /metrics at the end (before SIGTERM)", metrics.toString());

    if (r.peerSettings != null) {
      md.append("\n## ").append(who).append(" settings\n\n").append(r.peerSettings);
    }
    if (!r.logErrorSamples.isEmpty() || !r.logWarningSamples.isEmpty()) {
      md.append("\n### ").append(who).append(" log excerpts\n\n```\n");
      r.logErrorSamples.forEach(l -> md.append(l).append('\n'));
      r.logWarningSamples.forEach(l -> md.append(l).append('\n'));
      md.append("```\n");
    }

    md.append("\n## Charts\n\n![throughput](throughput.png) ").append(chartNote).append("\n\n")
        .append("Top: receipts per wall-clock second at the receiver, the engine's first attempts per second "
            + "(/metrics) and rows PostgreSQL wrote to `executions`; the dashed line is the offered load. Second: "
            + "receive drift per wall-clock second (log scale) and the engine's own p99 per scheduled second "
            + "(`executions.drift_ms`); dashed: the p99 and p99.9 targets. Then CPU (100 % = one core) and "
            + "resident memory. Grey bands: registration and warm-up before 0, drain and stop after the window.\n");

    md.append("\n## How to read this\n\n")
        .append("- *Receive drift* is measured by the receiver: its clock at the request's arrival minus "
            + "`X-Cronwheel-Scheduled-At`. It includes the engine's scheduling delay, the HTTP hop and the "
            + "receiver's own queueing, so it is never smaller than the engine's drift.\n")
        .append("- *Missed* counts (job, scheduled second) pairs in the window that never reached the receiver: "
            + "skipped, failed or late beyond the end of the run. *Duplicates* are pairs that arrived twice; for "
            + "AT_LEAST_ONCE jobs they are allowed (retries), for AT_MOST_ONCE they break the guarantee.\n")
        .append("- *Every execution recorded*: each pair of the window has one final row in `executions`, and the "
            + "SUCCEEDED rows match what the receiver got.\n")
        .append("- All three processes (engine, PostgreSQL, receiver) share this machine's cores; machine CPU near "
            + "its maximum means the result is bound by the machine, not only by the engine.\n");

    md.append("\n## Files\n\n- `samples.csv`: one row per second (receiver, engine, PostgreSQL, CPU, memory)\n"
        + "- `receiver-stats.json`: the receiver's full statistics for the window, with its per-second series\n"
        + "- `metrics-final.txt`, `health-final.json`: the engine's /metrics and /health before the stop\n"
        + "- `" + r.scheduler.logFile() + "`, `receiver.log`, `driver.log`"
        + (r.scheduler.isPeer() ? ", `" + "peer-settings.md` (" + who + "'s settings)" : "") + "\n");
    Files.writeString(r.dir.resolve("report.md"), md.toString(), StandardCharsets.UTF_8);
  }

  /** The rows only cronwheel has: its own drift, its execution history. */
  private static void engineRows(StringBuilder md, Settings s, RunResult r) {
    row(md, "Engine drift (executions.drift_ms, window) p50 / p90 / p99 / p99.9 / max", ms(r.dbP50) + " / "
        + ms(r.dbP90) + " / " + ms(r.dbP99) + " / " + ms(r.dbP999) + " / " + ms(r.dbMax));
    row(md, "Engine drift (/metrics, since start incl. warm-up) p50 / p99 / p99.9 / max", ms(r.metricsP50) + " / "
        + ms(r.metricsP99) + " / " + ms(r.metricsP999) + " / " + ms(r.metricsMax));
    row(md, "Execution rows in the window", n(r.rowsInWindow) + " of " + n(r.expected) + " expected; "
        + r.rowsByTypeAndStatus.toString().replaceAll("^\\{|}$", "").replace("=", ": "));
    row(md, "SUCCEEDED rows vs fires received", n(r.succeededRows) + " vs " + n(r.seen) + "; rows not final "
        + "(CLAIMED/RUNNING): " + n(r.nonFinalRows) + "; jobs with fewer rows than seconds: "
        + n(r.jobsWithFewerRows));
    if (!r.dbErrorSamples.isEmpty()) {
      row(md, "Rows not SUCCEEDED, by error", String.join("; ", r.dbErrorSamples).replace("|", "\\|"));
    }
    row(md, "Execution rows in the database after the run", n(r.rowsTotal));
    row(md, "PostgreSQL rows written/s to executions (pg_stat inserts + updates)", d(r.pgRowsWrittenPerSecond, 0));
    row(md, "executions row count growth/s (count(*) every " + s.countIntervalSeconds() + " s)",
        d(r.executionsGrowthPerSecond, 0));
  }

  private static String tableWrites(RunResult r) {
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, double[]> e : r.tableWritesPerSecond.entrySet()) {
      double[] w = e.getValue();
      if (w[0] + w[1] + w[2] >= 0.05) {
        text.append(text.length() == 0 ? "" : "; ").append(e.getKey()).append(": ").append(d(w[0], 0)).append(" / ")
            .append(d(w[1], 0)).append(" / ").append(d(w[2], 0));
      }
    }
    return text.length() == 0 ? "none" : text.toString();
  }

  private static void row(StringBuilder md, String key, String value) {
    md.append("| ").append(key).append(" | ").append(value == null ? "?" : value.replace("\n", " ")).append(" |\n");
  }

  static String n(long v) {
    return v < 0 ? "?" : String.format(Locale.ROOT, "%,d", v);
  }

  static String n(double v) {
    return Double.isNaN(v) ? "?" : String.format(Locale.ROOT, "%,.0f", v);
  }

  static String d(double v, int decimals) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "?" : String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }

  static String ms(double v) {
    return Double.isNaN(v) ? "?" : d(v, v < 10 ? 2 : 1) + " ms";
  }

  // ---------------------------------------------------------------- per-second data

  /** Everything known about one wall-clock second. */
  static final class Row {
    long second;
    String phase = "";
    double receipts = Double.NaN;
    double p50 = Double.NaN;
    double p90 = Double.NaN;
    double p99 = Double.NaN;
    double p999 = Double.NaN;
    double max = Double.NaN;
    double engineFires = Double.NaN;
    double engineP99Db = Double.NaN;
    double pgRowsPerSecond = Double.NaN;
    double pgRowsAllPerSecond = Double.NaN;
    double executionsCount = Double.NaN;
    Sampler.Sample sample;
  }

  static TreeMap<Long, Row> rows(RunResult r) {
    TreeMap<Long, Row> rows = new TreeMap<>();
    Sampler.Sample previous = null;
    for (Sampler.Sample s : r.samples) {
      Row row = rows.computeIfAbsent(s.second, k -> new Row());
      row.second = s.second;
      row.phase = s.phase;
      row.sample = s;
      if (previous != null) {
        double seconds = s.second - previous.second;
        row.engineFires = (s.engineFiresTotal - previous.engineFiresTotal) / seconds;
        if (s.pgRowsWritten >= 0 && previous.pgRowsWritten >= 0) {
          row.pgRowsPerSecond = (s.pgRowsWritten - previous.pgRowsWritten) / seconds;
        }
        if (s.pgRowsWrittenAll >= 0 && previous.pgRowsWrittenAll >= 0) {
          row.pgRowsAllPerSecond = (s.pgRowsWrittenAll - previous.pgRowsWrittenAll) / seconds;
        }
      }
      previous = s;
    }
    if (r.receiverStats != null) {
      long first = rows.isEmpty() ? Long.MIN_VALUE : rows.firstKey();
      for (Object o : r.receiverStats.getJsonArray("series", new JsonArray())) {
        JsonArray a = (JsonArray) o;
        long second = a.getLong(0);
        if (second < first - 1) {
          continue; // before this run
        }
        Row row = rows.computeIfAbsent(second, k -> new Row());
        row.second = second;
        row.receipts = a.getLong(1);
        if (a.getLong(1) > 0) {
          row.p50 = a.getDouble(2);
          row.p90 = a.getDouble(3);
          row.p99 = a.getDouble(4);
          row.p999 = a.getDouble(5);
          row.max = a.getDouble(6);
        }
      }
    }
    for (Map.Entry<Long, Double> e : r.dbP99BySecond.entrySet()) {
      Row row = rows.computeIfAbsent(e.getKey(), k -> new Row());
      row.second = e.getKey();
      row.engineP99Db = e.getValue();
    }
    for (Sampler.Count c : r.counts) {
      Row row = rows.computeIfAbsent(c.epochMillis() / 1000, k -> new Row());
      row.second = c.epochMillis() / 1000;
      row.executionsCount = c.rows();
    }
    return rows;
  }

  private static void writeCsv(RunResult r) throws IOException {
    StringBuilder csv = new StringBuilder("second,t_rel_s,phase,receiver_receipts,receiver_p50_ms,receiver_p90_ms,"
        + "receiver_p99_ms,receiver_p999_ms,receiver_max_ms,engine_fires_per_s,engine_drift_p99_db_ms,"
        + "engine_drift_p50_1m_ms,engine_drift_p99_1m_ms,engine_drift_p999_1m_ms,engine_drift_max_ms,"
        + "engine_cpu_pct,engine_rss_mb,receiver_cpu_pct,receiver_rss_mb,postgres_cpu_pct,machine_cpu_pct,"
        + "pg_rows_written_per_s,executions_count,records_backlog,requests_inflight,records_rejected_total,"
        + "errors_unexpected_total,pg_rows_written_all_per_s\n");
    for (Row row : rows(r).values()) {
      Sampler.Sample s = row.sample;
      csv.append(row.second).append(',').append(r.t0 == 0 ? "" : Long.toString(row.second - r.t0)).append(',')
          .append(row.phase);
      for (double v : new double[] {row.receipts, row.p50, row.p90, row.p99, row.p999, row.max, row.engineFires,
          row.engineP99Db}) {
        csv.append(',').append(num(v));
      }
      double[] sampled = s == null ? new double[12] : new double[] {s.driftP50m1, s.driftP99m1, s.driftP999m1,
          s.driftMaxMs, s.engineCpuPct, s.engineRssMb, s.receiverCpuPct, s.receiverRssMb, s.postgresCpuPct,
          s.machineCpuPct};
      if (s == null) {
        java.util.Arrays.fill(sampled, Double.NaN);
      }
      for (int i = 0; i < 10; i++) {
        csv.append(',').append(num(sampled[i]));
      }
      csv.append(',').append(num(row.pgRowsPerSecond)).append(',').append(num(row.executionsCount));
      if (s == null) {
        csv.append(",,,,");
      } else {
        csv.append(',').append(num(s.backlog)).append(',').append(num(s.inflight)).append(',')
            .append(num(s.rejected)).append(',').append(num(s.unexpected));
      }
      csv.append(',').append(num(row.pgRowsAllPerSecond)).append('\n');
    }
    Files.writeString(r.dir.resolve("samples.csv"), csv, StandardCharsets.UTF_8);
  }

  static String num(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static void writeChart(Settings s, RunResult r) throws IOException {
    TreeMap<Long, Row> rows = rows(r);
    if (rows.isEmpty() || r.t0 == 0) {
      return;
    }
    int size = rows.size();
    double[] x = new double[size];
    double[] receipts = new double[size];
    double[] fires = new double[size];
    double[] pgRows = new double[size];
    double[] p50 = new double[size];
    double[] p99 = new double[size];
    double[] p999 = new double[size];
    double[] max = new double[size];
    double[] dbP99 = new double[size];
    double[] engineCpu = new double[size];
    double[] pgCpu = new double[size];
    double[] receiverCpu = new double[size];
    double[] machineCpu = new double[size];
    double[] engineRss = new double[size];
    double[] receiverRss = new double[size];
    int i = 0;
    for (Row row : rows.values()) {
      x[i] = row.second - r.t0;
      receipts[i] = row.receipts;
      fires[i] = row.engineFires;
      pgRows[i] = r.scheduler.isPeer() ? row.pgRowsAllPerSecond : row.pgRowsPerSecond;
      p50[i] = row.p50;
      p99[i] = row.p99;
      p999[i] = row.p999;
      max[i] = row.max;
      dbP99[i] = row.engineP99Db;
      Sampler.Sample sample = row.sample;
      engineCpu[i] = sample == null ? Double.NaN : sample.engineCpuPct;
      pgCpu[i] = sample == null ? Double.NaN : sample.postgresCpuPct;
      receiverCpu[i] = sample == null ? Double.NaN : sample.receiverCpuPct;
      machineCpu[i] = sample == null ? Double.NaN : sample.machineCpuPct;
      engineRss[i] = sample == null ? Double.NaN : sample.engineRssMb;
      receiverRss[i] = sample == null ? Double.NaN : sample.receiverRssMb;
      i++;
    }
    double start = x[0];
    double end = x[size - 1];
    List<Charts.Panel> panels = new ArrayList<>();
    String who = r.scheduler.label;
    Charts.Panel throughput = new Charts.Panel("Throughput", "per second", false)
        .line("receiver: receipts/s", Charts.BLUE, x, receipts)
        .line(who + ": fires/s (/metrics)", Charts.ORANGE, x, fires)
        .line(r.scheduler.isPeer() ? "PostgreSQL: rows written/s (all tables)" : "PostgreSQL: rows written/s",
            Charts.GREEN, x, pgRows)
        .hline(r.jobs, "offered " + n(r.jobs) + "/s", Charts.GRAY);
    Charts.Panel drift = new Charts.Panel("Drift per second (log scale)", "ms", true)
        .line("receive p50", Charts.GREEN, x, p50)
        .line("receive p99", Charts.BLUE, x, p99)
        .line("receive p99.9", Charts.PURPLE, x, p999)
        .line("receive max", Charts.RED, x, max);
    if (!r.scheduler.isPeer()) {
      drift.dashed("engine p99 (executions.drift_ms)", Charts.ORANGE, x, dbP99);
    }
    drift.hline(s.targetP99Ms(), "p99 target " + d(s.targetP99Ms(), 0) + " ms", Charts.BLUE)
        .hline(s.targetP999Ms(), "p99.9 target " + d(s.targetP999Ms(), 0) + " ms", Charts.PURPLE);
    Charts.Panel cpu = new Charts.Panel("CPU (100 % = one core)", "% CPU", false)
        .line(who, Charts.ORANGE, x, engineCpu)
        .line("PostgreSQL server", Charts.GREEN, x, pgCpu)
        .line("receiver", Charts.BLUE, x, receiverCpu)
        .dashed("whole machine", Charts.GRAY, x, machineCpu)
        .range(0.0, null);
    Charts.Panel memory = new Charts.Panel("Resident memory", "MiB", false)
        .line(who + " RSS", Charts.ORANGE, x, engineRss)
        .line("receiver RSS", Charts.BLUE, x, receiverRss);
    for (Charts.Panel p : List.of(throughput, drift, cpu, memory)) {
      if (start < 0) {
        p.shade(start, 0, "registration + warm-up");
      }
      if (end > r.durationSeconds) {
        p.shade(r.durationSeconds, end, "drain + stop");
      }
      panels.add(p);
    }
    String subtitle = n(r.jobs) + " every-second jobs (" + n(r.amoJobs) + " AT_MOST_ONCE), window " + r.durationSeconds
        + " s: achieved " + d(r.achievedPerSecond, 0) + " fires/s, missed " + n(r.missed) + ", receive p99 "
        + ms(r.recvP99) + ", p99.9 " + ms(r.recvP999);
    Charts.render(r.dir.resolve("throughput.png"), r.scheduler.title() + " throughput, " + r.startedAt, subtitle,
        "seconds since the start of the measurement window", panels, 1400, 300);
  }
}
