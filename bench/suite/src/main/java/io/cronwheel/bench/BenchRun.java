package io.cronwheel.bench;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * One end-to-end throughput run: fresh database, receiver and engine processes, N every-second jobs, warm-up,
 * measurement window, stop, analysis. Every wait is bounded; the children are stopped whatever happens.
 *
 * <p>The "engine" may be a peer scheduler ({@link SchedulerKind}): its process then schedules its N jobs itself at
 * start-up (all at-least-once), and what only cronwheel has (the API, the {@code executions} table) is left out.
 */
final class BenchRun {
  static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss'Z'")
      .withZone(ZoneOffset.UTC);
  private static final Set<String> FINAL_STATUSES = Set.of("SUCCEEDED", "FAILED", "SKIPPED", "MISSED");

  private final Settings settings;
  private final SchedulerKind scheduler;
  private final Http http;
  private final int jobs;
  private final int warmup;
  private final int duration;
  private final Path dir;
  private final RunResult result = new RunResult();
  private PrintWriter driverLog;
  private Child receiver;
  /** The scheduler's process: the engine jar or a peer. */
  private Child engine;
  private Sampler sampler;

  BenchRun(Settings settings, SchedulerKind scheduler, Http http, int jobs, int warmup, int duration, Path dir) {
    this.settings = settings;
    this.scheduler = scheduler;
    this.http = http;
    this.jobs = jobs;
    this.warmup = warmup;
    this.duration = duration;
    this.dir = dir;
  }

  void log(String message) {
    String line = UTC_TIME.format(Instant.now()) + " " + message;
    System.out.println(line);
    System.out.flush();
    if (driverLog != null) {
      synchronized (this) {
        driverLog.println(line);
        driverLog.flush();
      }
    }
  }

  RunResult run() throws IOException {
    Files.createDirectories(dir);
    driverLog = new PrintWriter(Files.newBufferedWriter(dir.resolve("driver.log"), StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    result.dir = dir;
    result.scheduler = scheduler;
    result.jobs = jobs;
    result.warmupSeconds = warmup;
    result.durationSeconds = duration;
    result.startedAt = UTC_TIME.format(Instant.now());
    for (int i = 0; i < jobs; i++) {
      if (isAmo(i)) {
        result.amoJobs++;
      }
    }
    Thread killer = new Thread(this::killChildren, "kill-children");
    Runtime.getRuntime().addShutdownHook(killer);
    try {
      execute();
    } catch (Exception e) {
      result.failure = e.getClass().getSimpleName() + ": " + e.getMessage();
      log("RUN FAILED: " + result.failure);
      if (engine != null) {
        log(scheduler.label + " log tail:\n" + engine.tail(30));
      }
      if (receiver != null && !receiver.alive()) {
        log("receiver log tail:\n" + receiver.tail(30));
      }
    } finally {
      if (sampler != null) {
        sampler.stop();
        result.samples = sampler.samples();
        result.counts = sampler.counts();
      }
      if (engine != null && engine.alive()) {
        log("stopping the " + scheduler.label + " (SIGTERM)");
        int code = engine.stop(60);
        if (result.engineExitCode == Integer.MIN_VALUE) {
          result.engineExitCode = code;
        }
      }
      if (receiver != null && receiver.alive()) {
        receiver.stop(20);
      }
      try {
        Runtime.getRuntime().removeShutdownHook(killer);
      } catch (IllegalStateException e) {
        // already shutting down
      }
    }
    try {
      analyseAfterRun();
    } catch (Exception e) {
      log("analysis incomplete: " + e);
      if (result.failure == null) {
        result.failure = "analysis: " + e.getMessage();
      }
    }
    RunReport.write(settings, result);
    log("report: " + dir.resolve("report.md"));
    driverLog.close();
    driverLog = null;
    return result;
  }

  private void killChildren() {
    for (Child child : new Child[] {engine, receiver}) {
      if (child != null && child.alive()) {
        child.process.destroyForcibly();
      }
    }
  }

  /** Peers are at-least-once only: every one of their jobs is. */
  private boolean isAmo(int index) {
    return !scheduler.isPeer() && settings.isAmo(index);
  }

  // ---------------------------------------------------------------- the run itself

  private void execute() throws Exception {
    captureMachine();
    Http.requirePortFree(settings.enginePort(), "the " + scheduler.label + " (--engine-port) needs it: is another "
        + "engine or receiver running? Pick another port or stop it");
    Http.requirePortFree(settings.receiverPort(), "the receiver (--receiver-port) needs it: is another engine or "
        + "receiver running? Pick another port or stop it");

    Pg.ensureServer(settings.adminDb(), this::log);
    Pg.recreateDatabase(settings.adminDb(), settings.dbName());
    Pg.Url benchDb = settings.adminDb().withDatabase(settings.dbName());
    result.postgresVersion = Pg.version(benchDb);
    try (Connection c = benchDb.connect()) {
      result.postgresSettings = "shared_buffers=" + Pg.setting(c, "shared_buffers") + ", synchronous_commit="
          + Pg.setting(c, "synchronous_commit") + ", max_connections=" + Pg.setting(c, "max_connections")
          + ", fsync=" + Pg.setting(c, "fsync");
    }
    log("fresh database " + benchDb.display() + " (" + result.postgresVersion + ")");

    List<String> receiverCommand = new ArrayList<>();
    receiverCommand.add(settings.javaBin().toString());
    receiverCommand.addAll(settings.receiverJvm());
    receiverCommand.addAll(List.of("-cp", settings.benchJar().toString(), "io.cronwheel.bench.Receiver", "--port",
        Integer.toString(settings.receiverPort()), "--out", dir.toString(), "--event-loops",
        Integer.toString(settings.receiverEventLoops())));
    receiver = Child.start("receiver", receiverCommand, Map.of(), dir, dir.resolve("receiver.log"));
    http.awaitOk(receiver, settings.receiverPort(), "/health", 30);
    log("receiver up, pid " + receiver.pid() + ": " + String.join(" ", receiverCommand));

    engine = scheduler.isPeer() ? startPeer(benchDb) : startEngine(benchDb);

    // the API slows down while thousands of jobs fire: generous, but bounded
    long registrationLimitSeconds = Math.max(300, jobs / 25);
    long deadline = System.currentTimeMillis()
        + (registrationLimitSeconds + warmup + duration + settings.drainWaitSeconds() + 600) * 1000L;
    sampler = new Sampler(http, scheduler, settings.enginePort(), settings.receiverPort(), engine.pid(),
        receiver.pid(), benchDb, scheduler.isPeer() ? 0 : settings.countIntervalSeconds(), deadline, this::log);
    sampler.phase("register");
    sampler.start();

    String[] ids = scheduler.isPeer() ? awaitPeerScheduled(registrationLimitSeconds)
        : register(registrationLimitSeconds);

    sampler.phase("warmup");
    long t0 = (long) Math.ceil((System.currentTimeMillis() + warmup * 1000L) / 1000.0);
    long t1 = t0 + duration;
    result.t0 = t0;
    result.t1 = t1;
    log("warm-up until " + UTC_TIME.format(Instant.ofEpochSecond(t0)) + "; measuring [" + t0 + ", " + t1 + ")");
    sleepReporting(t0 * 1000 - 700, "warm-up");
    JsonArray amoIndexes = new JsonArray();
    for (int i = 0; i < jobs; i++) {
      if (isAmo(i)) {
        amoIndexes.add(i);
      }
    }
    JsonObject reset = new JsonObject().put("startSecond", t0).put("endSecond", t1)
        .put("maxSeconds", duration + settings.drainWaitSeconds() + 120).put("jobs", jobs)
        .put("amoIndexes", amoIndexes);
    HttpResponse<Buffer> resetAnswer = http.call(HttpMethod.POST, settings.receiverPort(), "/reset", reset, 10_000);
    if (resetAnswer.statusCode() != 200) {
      throw new IllegalStateException("receiver /reset answered " + resetAnswer.statusCode());
    }
    sleepReporting(t0 * 1000, "warm-up");
    sampler.phase("measure");
    log("measuring for " + duration + " s");
    Map<String, long[]> writesAtStart = Pg.tableWrites(benchDb);
    sleepReporting(t1 * 1000, "measure");
    result.tableWritesPerSecond = writesPerSecond(writesAtStart, Pg.tableWrites(benchDb), duration);
    sampler.phase("drain");
    sleepReporting((t1 + settings.drainWaitSeconds()) * 1000L, "drain");
    requireAlive(engine);

    if (settings.stopMode().equals("pause") && !scheduler.isPeer()) {
      pauseAll(ids);
      waitForQuiet(120);
    }
    captureFinalMetrics();
    sampler.phase("stop");
    result.stopAt = System.currentTimeMillis() / 1000;
    log("stopping the " + scheduler.label + " with SIGTERM");
    long stopStart = System.nanoTime();
    result.engineExitCode = engine.stop(120);
    result.engineStopSeconds = (System.nanoTime() - stopStart) / 1e9;
    log(scheduler.label + " exited with " + result.engineExitCode + " after " + String.format("%.1f",
        result.engineStopSeconds) + " s");
    sampler.stop();
    result.receiverStats = http.getJson(settings.receiverPort(), "/stats?from=" + t0 + "&to=" + t1 + "&jobs=" + jobs,
        60_000);
    Files.writeString(dir.resolve("receiver-stats.json"), result.receiverStats.encodePrettily());
  }

  private Child startEngine(Pg.Url benchDb) throws Exception {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CRONWHEEL_DB_URL", benchDb.uri());
    env.put("CRONWHEEL_HTTP_HOST", Http.HOST);
    env.put("CRONWHEEL_HTTP_PORT", Integer.toString(settings.enginePort()));
    env.putAll(settings.engineEnv());
    List<String> engineCommand = new ArrayList<>();
    engineCommand.add(settings.javaBin().toString());
    engineCommand.addAll(settings.engineJvm());
    engineCommand.addAll(List.of("-jar", settings.engineJar().toString()));
    Child child = Child.start("engine", engineCommand, env, dir, dir.resolve(scheduler.logFile()));
    http.awaitOk(child, settings.enginePort(), "/health", 120);
    log("engine up, pid " + child.pid() + ": " + String.join(" ", engineCommand) + " with " + env.keySet());
    return child;
  }

  /**
   * Starts a peer's main from the peers' jar, with the engine's JVM options so that both get the same heap. Its
   * status endpoint answers on the engine's port; it schedules its jobs right after it answers.
   */
  private Child startPeer(Pg.Url benchDb) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(settings.javaBin().toString());
    command.addAll(settings.engineJvm());
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
    command.addAll(List.of("-cp", settings.peersJar().toString(), scheduler.peerMain, "--jdbc-url", benchDb.jdbc(),
        "--db-user", benchDb.user(), "--jobs", Integer.toString(jobs), "--receiver-port",
        Integer.toString(settings.receiverPort()), "--port", Integer.toString(settings.enginePort()), "--out",
        dir.toString()));
    if (settings.jobTimeoutMs() != null) {
      command.addAll(List.of("--timeout-ms", Integer.toString(settings.jobTimeoutMs())));
    }
    command.addAll(settings.peerArgs(scheduler));
    Map<String, String> env = benchDb.password() == null ? Map.of() : Map.of("BENCH_DB_PASSWORD",
        benchDb.password());
    Child child = Child.start(scheduler.id, command, env, dir, dir.resolve(scheduler.logFile()));
    http.awaitOk(child, settings.enginePort(), "/health", 120);
    result.schedulerCommand = String.join(" ", command);
    log(scheduler.label + " up, pid " + child.pid() + ": " + result.schedulerCommand);
    return child;
  }

  /** Waits until the peer has scheduled all its jobs, which it does at start-up, and records how long it took. */
  private String[] awaitPeerScheduled(long limitSeconds) throws Exception {
    result.registrationStart = System.currentTimeMillis() / 1000;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(limitSeconds);
    while (true) {
      requireAlive(engine);
      try {
        Prom m = Prom.parse(http.getText(settings.enginePort(), "/metrics", 5000));
        double seconds = m.get("peer_schedule_seconds");
        if (!Double.isNaN(seconds)) {
          result.registrationSeconds = seconds;
          break;
        }
      } catch (Exception e) {
        // busy: ask again
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(scheduler.label + " had not scheduled its " + jobs + " jobs after "
            + limitSeconds + " s");
      }
      Thread.sleep(250);
    }
    result.registrationEnd = System.currentTimeMillis() / 1000;
    result.registrationLatency = "n/a (scheduled inside the " + scheduler.label + " process, in chunks of 1,000)";
    log(String.format("%s scheduled %d jobs in %.1f s (%.0f jobs/s)", scheduler.label, jobs,
        result.registrationSeconds, jobs / result.registrationSeconds));
    return new String[0];
  }

  /** Per table, {inserts, updates, deletes} per second between two {@link Pg#tableWrites} readings. */
  static Map<String, double[]> writesPerSecond(Map<String, long[]> before, Map<String, long[]> after, int seconds) {
    Map<String, double[]> perSecond = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : after.entrySet()) {
      long[] start = before.getOrDefault(e.getKey(), new long[3]);
      double[] rates = new double[3];
      for (int i = 0; i < 3; i++) {
        rates[i] = (e.getValue()[i] - start[i]) / (double) seconds;
      }
      perSecond.put(e.getKey(), rates);
    }
    return perSecond;
  }

  private void captureMachine() {
    MachineInfo info = MachineInfo.capture(settings.javaBin(), settings.engineJar());
    result.machine = info.machine();
    result.memTotalBytes = info.memTotalBytes();
    result.loadAverageAtStart = info.loadAverageAtStart();
    result.jdk = info.jdk();
    result.engineJarInfo = info.engineJarInfo();
  }


  private static void requireAlive(Child child) {
    if (!child.alive()) {
      throw new IllegalStateException(child.name + " died (exit " + child.process.exitValue() + "):\n"
          + child.tail(20));
    }
  }

  /** Sleeps until {@code epochMillis}, printing progress every 10 s and checking the children are alive. */
  private void sleepReporting(long epochMillis, String what) throws InterruptedException {
    long lastReport = System.currentTimeMillis();
    while (true) {
      long now = System.currentTimeMillis();
      if (now >= epochMillis) {
        return;
      }
      requireAlive(engine);
      requireAlive(receiver);
      if (now - lastReport >= 10_000) {
        lastReport = now;
        log(String.format("%s, %d s left: %s", what, (epochMillis - now) / 1000, sampler.progress()));
      }
      Thread.sleep(Math.min(500, epochMillis - now));
    }
  }

  // ---------------------------------------------------------------- jobs

  private String[] register(long limitSeconds) throws Exception {
    String tag = Long.toString(System.currentTimeMillis(), 36);
    String[] ids = new String[jobs];
    log("registering " + jobs + " jobs (" + result.amoJobs + " AT_MOST_ONCE), " + settings.registerConcurrency()
        + " requests in flight");
    long start = System.nanoTime();
    result.registrationStart = System.currentTimeMillis() / 1000;
    org.HdrHistogram.Recorder latency = new org.HdrHistogram.Recorder(3_600_000_000L, 3);
    int failures = forEachBounded(jobs, limitSeconds, i -> {
      long begin = System.nanoTime();
      return createJob(tag, i, 1).map(id -> {
        ids[i] = id;
        latency.recordValue(Math.min((System.nanoTime() - begin) / 1000, 3_600_000_000L));
        return null;
      });
    });
    org.HdrHistogram.Histogram h = latency.getIntervalHistogram();
    if (h.getTotalCount() > 0) {
      result.registrationLatency = String.format(java.util.Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, max %.1f ms",
          h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
    }
    result.registrationSeconds = (System.nanoTime() - start) / 1e9;
    result.registrationEnd = System.currentTimeMillis() / 1000;
    result.registrationFailures = failures;
    log(String.format("registered %d jobs in %.1f s (%.0f jobs/s), %d failed; POST latency %s", jobs - failures,
        result.registrationSeconds, jobs / result.registrationSeconds, failures, result.registrationLatency));
    if (failures > 0) {
      throw new IllegalStateException(failures + " job registrations failed, e.g. " + result.registrationErrors);
    }
    return ids;
  }

  private JsonObject jobJson(String tag, int i) {
    boolean amo = isAmo(i);
    JsonObject json = new JsonObject()
        .put("name", "bench-" + tag + "-" + i)
        .put("schedule", "* * * * * *")
        .put("timezone", "UTC")
        .put("executionType", amo ? "AT_MOST_ONCE" : "AT_LEAST_ONCE")
        .put("target", new JsonObject().put("url", "http://" + Http.HOST + ":" + settings.receiverPort()
            + (amo ? "/amo/" : "/alo/") + i).put("method", "POST"));
    if (settings.jobTimeoutMs() != null) {
      json.put("timeoutMs", settings.jobTimeoutMs());
    }
    return json;
  }

  private Future<String> createJob(String tag, int i, int attempt) {
    JsonObject body = jobJson(tag, i);
    return http.request(HttpMethod.POST, settings.enginePort(), "/api/v1/jobs", body, 30_000).compose(response -> {
      int code = response.statusCode();
      if (code == 201) {
        return Future.succeededFuture(response.bodyAsJsonObject().getString("id"));
      }
      if (code == 409 && attempt > 1) { // an earlier attempt went through after all
        return http.request(HttpMethod.GET, settings.enginePort(), "/api/v1/jobs?limit=1&name="
            + body.getString("name"), null, 30_000).map(r -> r.bodyAsJsonObject().getJsonArray("items")
            .getJsonObject(0).getString("id"));
      }
      if ((code >= 500 || code == 429) && attempt < 4) {
        return http.vertx.timer(250L * attempt).compose(t -> createJob(tag, i, attempt + 1));
      }
      return Future.failedFuture("HTTP " + code + ": " + response.bodyAsString());
    }, error -> attempt < 4
        ? http.vertx.timer(250L * attempt).compose(t -> createJob(tag, i, attempt + 1))
        : Future.failedFuture(error));
  }

  private void pauseAll(String[] ids) throws Exception {
    log("pausing all " + ids.length + " jobs");
    long start = System.nanoTime();
    int failures = forEachBounded(ids.length, Math.max(120, ids.length / 50), i -> http.request(HttpMethod.PATCH,
        settings.enginePort(), "/api/v1/jobs/" + ids[i], new JsonObject().put("active", false), 30_000)
        .compose(r -> r.statusCode() == 200 ? Future.succeededFuture() : Future.failedFuture("HTTP "
            + r.statusCode() + ": " + r.bodyAsString())));
    log(String.format("paused in %.1f s, %d failed", (System.nanoTime() - start) / 1e9, failures));
  }

  /** Waits until the engine has nothing in flight and no record backlog. */
  private void waitForQuiet(int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      try {
        Prom m = Prom.parse(http.getText(settings.enginePort(), "/metrics", 5000));
        double backlog = m.get("cronwheel_records_backlog");
        double inflight = m.get("cronwheel_requests_inflight");
        if (backlog == 0 && inflight == 0) {
          log("engine quiet: nothing in flight, record backlog 0");
          return;
        }
      } catch (Exception e) {
        // retry
      }
      Thread.sleep(500);
    }
    log("engine still not quiet after " + seconds + " s");
  }

  /**
   * Runs {@code action(i)} for i in [0, count) with at most {@code settings.registerConcurrency()} in flight.
   *
   * @return how many failed
   */
  private int forEachBounded(int count, long limitSeconds, Function<Integer, Future<?>> action)
      throws InterruptedException {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(count);
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    Runnable[] pump = new Runnable[1];
    pump[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= count) {
        return;
      }
      Future<?> future;
      try {
        future = action.apply(i);
      } catch (RuntimeException e) {
        future = Future.failedFuture(e);
      }
      future.onComplete(ar -> {
        if (ar.failed()) {
          failures.incrementAndGet();
          if (errors.size() < 5) {
            errors.add("#" + i + ": " + ar.cause().getMessage());
          }
        }
        done.countDown();
        pump[0].run();
      });
    };
    http.vertx.runOnContext(v -> {
      for (int k = 0; k < Math.min(settings.registerConcurrency(), count); k++) {
        pump[0].run();
      }
    });
    if (!done.await(limitSeconds, TimeUnit.SECONDS)) {
      throw new IllegalStateException("not done after " + limitSeconds + " s: " + done.getCount() + " left");
    }
    result.registrationErrors.addAll(errors);
    return failures.get();
  }

  // ---------------------------------------------------------------- after the run

  private void captureFinalMetrics() {
    try {
      String text = http.getText(settings.enginePort(), "/metrics", 10_000);
      Files.writeString(dir.resolve("metrics-final.txt"), text);
      Prom m = Prom.parse(text);
      if (scheduler.isPeer()) {
        for (Prom.Sample s : m.startingWith("peer_")) {
          result.finalMetrics.put(s.name(), s.value());
        }
        return;
      }
      result.metricsP50 = m.get("cronwheel_fire_drift_ms", "quantile", "0.5", "window", "total");
      result.metricsP99 = m.get("cronwheel_fire_drift_ms", "quantile", "0.99", "window", "total");
      result.metricsP999 = m.get("cronwheel_fire_drift_ms", "quantile", "0.999", "window", "total");
      result.metricsMax = m.get("cronwheel_fire_drift_max_ms");
      for (Prom.Sample s : m.startingWith("cronwheel_")) {
        if (s.name().contains("_bucket") || s.name().startsWith("cronwheel_fire_drift_ms")
            || s.name().startsWith("cronwheel_jobs_scheduled") || s.name().startsWith("cronwheel_db_batch_seconds")) {
          continue;
        }
        String key = s.name() + (s.labels().isEmpty() ? "" : s.labels().toString());
        result.finalMetrics.put(key, s.value());
      }
      String health = http.getText(settings.enginePort(), "/health", 10_000);
      Files.writeString(dir.resolve("health-final.json"), health);
    } catch (Exception e) {
      log("could not read the engine's final metrics: " + e.getMessage());
    }
  }

  private void analyseAfterRun() throws Exception {
    analyseEngineLog();
    analyseReceiver();
    analyseSamples();
    Path peerSettings = dir.resolve("peer-settings.md");
    if (scheduler.isPeer() && Files.exists(peerSettings)) {
      result.peerSettings = Files.readString(peerSettings);
    }
    if (result.t0 > 0 && !scheduler.isPeer()) {
      analyseDatabase();
    }
  }

  private void analyseEngineLog() throws IOException {
    Path log = dir.resolve(scheduler.logFile());
    if (!Files.exists(log)) {
      return;
    }
    try (BufferedReader reader = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.contains(" ERROR ")) {
          result.logErrors++;
          if (result.logErrorSamples.size() < 8) {
            result.logErrorSamples.add(truncate(line, 400));
          }
        } else if (line.contains(" WARN ")) {
          result.logWarnings++;
          if (result.logWarningSamples.size() < 8) {
            result.logWarningSamples.add(truncate(line, 400));
          }
        }
      }
    }
  }

  static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "...";
  }

  private void analyseReceiver() {
    JsonObject stats = result.receiverStats;
    if (stats == null) {
      return;
    }
    JsonObject window = stats.getJsonObject("window");
    JsonObject distinct = window.getJsonObject("distinct");
    JsonObject drift = window.getJsonObject("driftMs");
    JsonObject dups = window.getJsonObject("duplicates");
    result.expected = distinct.getLong("expected");
    result.seen = distinct.getLong("seen");
    result.missed = distinct.getLong("missing");
    result.missedAlo = distinct.getLong("missingAlo");
    result.missedAmo = distinct.getLong("missingAmo");
    result.jobsNeverSeen = distinct.getLong("jobsNeverSeen");
    result.jobsWithMissing = distinct.getLong("jobsWithMissing");
    result.missingSamples = distinct.getJsonArray("missingSamples").encode();
    result.duplicates = dups.getLong("total");
    result.duplicatesAlo = dups.getLong("alo");
    result.duplicatesAmo = dups.getLong("amo");
    result.duplicateSamples = dups.getJsonArray("samples").encode();
    result.retriesSeen = window.getLong("retries");
    result.windowReceipts = window.getLong("receipts");
    result.preWindowReceipts = window.getLong("preWindow");
    result.postWindowReceipts = window.getLong("postWindow", 0L);
    result.receiverMalformed = stats.getJsonObject("lifetime").getLong("malformed");
    result.achievedPerSecond = (double) result.seen / duration;
    result.recvP50 = drift.getDouble("p50");
    result.recvP90 = drift.getDouble("p90");
    result.recvP99 = drift.getDouble("p99");
    result.recvP999 = drift.getDouble("p999");
    result.recvMax = drift.getDouble("max");
    result.recvMean = drift.getDouble("mean");
    // receipts per wall-clock second inside the window (steady state)
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    int n = 0;
    for (Object o : stats.getJsonArray("series", new JsonArray())) {
      JsonArray row = (JsonArray) o;
      long second = row.getLong(0);
      if (second >= result.t0 && second < result.t1) {
        long receipts = row.getLong(1);
        sum += receipts;
        min = Math.min(min, receipts);
        max = Math.max(max, receipts);
        n++;
      }
    }
    if (n > 0) {
      result.receiptsMean = sum / n;
      result.receiptsMin = min;
      result.receiptsMax = max;
    }
  }

  private void analyseSamples() {
    double engineSum = 0;
    double engineMax = Double.NaN;
    double rssMax = Double.NaN;
    double receiverSum = 0;
    double postgresSum = 0;
    double machineSum = 0;
    int n = 0;
    int nPostgres = 0;
    long firstRows = -1;
    long lastRows = -1;
    long firstAll = -1;
    long lastAll = -1;
    long firstAllSecond = 0;
    long lastAllSecond = 0;
    long firstSecond = 0;
    long lastSecond = 0;
    for (Sampler.Sample s : result.samples) {
      if (s.second < result.t0 || s.second >= result.t1) {
        continue;
      }
      if (!Double.isNaN(s.engineCpuPct)) {
        engineSum += s.engineCpuPct;
        engineMax = Double.isNaN(engineMax) ? s.engineCpuPct : Math.max(engineMax, s.engineCpuPct);
        receiverSum += Double.isNaN(s.receiverCpuPct) ? 0 : s.receiverCpuPct;
        machineSum += Double.isNaN(s.machineCpuPct) ? 0 : s.machineCpuPct;
        n++;
      }
      if (!Double.isNaN(s.postgresCpuPct)) {
        postgresSum += s.postgresCpuPct;
        nPostgres++;
      }
      if (!Double.isNaN(s.engineRssMb)) {
        rssMax = Double.isNaN(rssMax) ? s.engineRssMb : Math.max(rssMax, s.engineRssMb);
      }
      if (s.pgRowsWritten >= 0) {
        if (firstRows < 0) {
          firstRows = s.pgRowsWritten;
          firstSecond = s.second;
        }
        lastRows = s.pgRowsWritten;
        lastSecond = s.second;
      }
      if (s.pgRowsWrittenAll >= 0) {
        if (firstAll < 0) {
          firstAll = s.pgRowsWrittenAll;
          firstAllSecond = s.second;
        }
        lastAll = s.pgRowsWrittenAll;
        lastAllSecond = s.second;
      }
    }
    if (n > 0) {
      result.engineCpuAvg = engineSum / n;
      result.engineCpuMax = engineMax;
      result.receiverCpuAvg = receiverSum / n;
      result.machineCpuAvg = machineSum / n;
    }
    if (nPostgres > 0) {
      result.postgresCpuAvg = postgresSum / nPostgres;
    }
    result.engineRssMaxMb = rssMax;
    if (lastSecond > firstSecond) {
      result.pgRowsWrittenPerSecond = (double) (lastRows - firstRows) / (lastSecond - firstSecond);
    }
    if (lastAllSecond > firstAllSecond) {
      result.pgRowsWrittenAllPerSecond = (double) (lastAll - firstAll) / (lastAllSecond - firstAllSecond);
    }
    Sampler.Count first = null;
    Sampler.Count last = null;
    for (Sampler.Count c : result.counts) {
      if (c.epochMillis() >= result.t0 * 1000 && c.epochMillis() < result.t1 * 1000) {
        if (first == null) {
          first = c;
        }
        last = c;
      }
    }
    if (first != null && last != null && last.epochMillis() > first.epochMillis()) {
      result.executionsGrowthPerSecond = (last.rows() - first.rows()) * 1000.0
          / (last.epochMillis() - first.epochMillis());
    }
  }

  private void analyseDatabase() throws SQLException {
    Pg.Url benchDb = settings.adminDb().withDatabase(settings.dbName());
    String window = "e.trigger_kind = 'SCHEDULED' AND e.scheduled_at >= to_timestamp(?) AND e.scheduled_at < "
        + "to_timestamp(?)";
    try (Connection c = benchDb.connect()) {
      try (Statement s = c.createStatement()) {
        s.execute("SET statement_timeout = '300s'");
      }
      long rows = 0;
      long succeeded = 0;
      long nonFinal = 0;
      try (PreparedStatement ps = c.prepareStatement("SELECT j.execution_type, e.status, count(*) FROM executions e "
          + "JOIN jobs j ON j.id = e.job_id WHERE " + window + " GROUP BY 1, 2 ORDER BY 1, 2")) {
        ps.setLong(1, result.t0);
        ps.setLong(2, result.t1);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String status = rs.getString(2);
            long count = rs.getLong(3);
            result.rowsByTypeAndStatus.put(rs.getString(1) + " " + status, count);
            rows += count;
            if (status.equals("SUCCEEDED")) {
              succeeded += count;
            }
            if (!FINAL_STATUSES.contains(status)) {
              nonFinal += count;
            }
          }
        }
      }
      result.rowsInWindow = rows;
      result.succeededRows = succeeded;
      result.nonFinalRows = nonFinal;
      try (PreparedStatement ps = c.prepareStatement("SELECT percentile_cont(ARRAY[0.5, 0.9, 0.99, 0.999]) WITHIN "
          + "GROUP (ORDER BY e.drift_ms), max(e.drift_ms) FROM executions e WHERE " + window
          + " AND e.drift_ms IS NOT NULL")) {
        ps.setLong(1, result.t0);
        ps.setLong(2, result.t1);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next() && rs.getArray(1) != null) {
            Object[] q = (Object[]) rs.getArray(1).getArray();
            result.dbP50 = ((Number) q[0]).doubleValue();
            result.dbP90 = ((Number) q[1]).doubleValue();
            result.dbP99 = ((Number) q[2]).doubleValue();
            result.dbP999 = ((Number) q[3]).doubleValue();
            result.dbMax = rs.getDouble(2);
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM (SELECT e.job_id FROM executions e WHERE "
          + window + " GROUP BY 1 HAVING count(*) < ?) t")) {
        ps.setLong(1, result.t0);
        ps.setLong(2, result.t1);
        ps.setLong(3, duration);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          result.jobsWithFewerRows = rs.getLong(1);
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT e.status, coalesce(e.error, ''), count(*) FROM "
          + "executions e WHERE " + window + " AND e.status <> 'SUCCEEDED' GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 8")) {
        ps.setLong(1, result.t0);
        ps.setLong(2, result.t1);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            result.dbErrorSamples.add(rs.getLong(3) + " x " + rs.getString(1) + ": " + truncate(rs.getString(2), 300));
          }
        }
      }
      // engine drift per scheduled second over the whole run, for the chart
      long from = result.registrationStart > 0 ? result.registrationStart : result.t0;
      try (PreparedStatement ps = c.prepareStatement("SELECT floor(extract(epoch FROM e.scheduled_at))::bigint, "
          + "percentile_cont(0.99) WITHIN GROUP (ORDER BY e.drift_ms) FROM executions e WHERE e.trigger_kind = "
          + "'SCHEDULED' AND e.scheduled_at >= to_timestamp(?) AND e.scheduled_at < to_timestamp(?) AND e.drift_ms "
          + "IS NOT NULL GROUP BY 1 ORDER BY 1")) {
        ps.setLong(1, from);
        ps.setLong(2, result.t1 + settings.drainWaitSeconds());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            result.dbP99BySecond.put(rs.getLong(1), rs.getDouble(2));
          }
        }
      }
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM executions")) {
        rs.next();
        result.rowsTotal = rs.getLong(1);
      }
    }
  }
}
