package io.cronwheel.bench;

import io.vertx.core.http.HttpMethod;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Once a wall-clock second (at about .500, between the engine's fires at .000): the engine's and the receiver's CPU
 * and RSS from /proc, the PostgreSQL server's CPU, the machine's CPU, the engine's /metrics, the receiver's counters,
 * and the rows PostgreSQL wrote to {@code executions} and to all tables (pg_stat_user_tables). "Engine" is whichever
 * scheduler the run drives: a peer's process and its /metrics take the engine's place. Every {@code
 * countIntervalSeconds}, on a thread of its own, an exact {@code count(*)} of {@code executions}. Stops by itself at
 * its deadline.
 */
final class Sampler {
  /** One second's sample. Values that could not be read are NaN (or -1 for counts). */
  static final class Sample {
    long second;
    String phase;
    double engineCpuPct = Double.NaN;
    double engineRssMb = Double.NaN;
    double receiverCpuPct = Double.NaN;
    double receiverRssMb = Double.NaN;
    double postgresCpuPct = Double.NaN;
    double machineCpuPct = Double.NaN;
    long receiverReceipts = -1;
    double engineFiresTotal = Double.NaN;
    double driftP50m1 = Double.NaN;
    double driftP99m1 = Double.NaN;
    double driftP999m1 = Double.NaN;
    double driftMaxMs = Double.NaN;
    double backlog = Double.NaN;
    double inflight = Double.NaN;
    double rejected = Double.NaN;
    double unexpected = Double.NaN;
    long pgRowsWritten = -1;
    /** Inserts + updates + deletes of every table of the database: comparable across schedulers. */
    long pgRowsWrittenAll = -1;
  }

  record Count(long epochMillis, long rows, long elapsedMillis) {}

  private final Http http;
  private final SchedulerKind scheduler;
  private final int enginePort;
  private final int receiverPort;
  private final long enginePid;
  private final long receiverPid;
  private final Pg.Url db;
  private final int countIntervalSeconds;
  private final long deadlineMillis;
  private final Consumer<String> log;
  private final List<Sample> samples = new ArrayList<>();
  private final List<Count> counts = new ArrayList<>();
  private volatile String phase = "start";
  private volatile boolean stopped;
  private volatile String progress = "";
  private Thread sampler;
  private Thread counter;

  Sampler(Http http, SchedulerKind scheduler, int enginePort, int receiverPort, long enginePid, long receiverPid,
      Pg.Url db, int countIntervalSeconds, long deadlineMillis, Consumer<String> log) {
    this.http = http;
    this.scheduler = scheduler;
    this.enginePort = enginePort;
    this.receiverPort = receiverPort;
    this.enginePid = enginePid;
    this.receiverPid = receiverPid;
    this.db = db;
    this.countIntervalSeconds = countIntervalSeconds;
    this.deadlineMillis = deadlineMillis;
    this.log = log;
  }

  void phase(String phase) {
    this.phase = phase;
  }

  String progress() {
    return progress;
  }

  void start() {
    sampler = new Thread(this::sampleLoop, "sampler");
    sampler.setDaemon(true);
    sampler.start();
    if (countIntervalSeconds > 0) {
      counter = new Thread(this::countLoop, "row-counter");
      counter.setDaemon(true);
      counter.start();
    }
  }

  void stop() {
    stopped = true;
    for (Thread t : new Thread[] {sampler, counter}) {
      if (t != null) {
        t.interrupt();
        try {
          t.join(15_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  synchronized List<Sample> samples() {
    return new ArrayList<>(samples);
  }

  synchronized List<Count> counts() {
    return new ArrayList<>(counts);
  }

  private boolean sleepUntil(long epochMillis) {
    long wait = epochMillis - System.currentTimeMillis();
    if (wait > 0) {
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        return false;
      }
    }
    return !stopped;
  }

  private void sampleLoop() {
    Connection connection = null;
    Statement statement = null;
    long postmaster = -1;
    try {
      connection = db.connect();
      statement = connection.createStatement();
      statement.execute("SET statement_timeout = '2s'");
      try (ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
        rs.next();
        postmaster = db.isLocal() ? ProcStats.postmasterOf(rs.getLong(1)) : -1;
      }
    } catch (SQLException e) {
      log.accept("sampler: no database connection, rows written will be missing: " + e.getMessage());
    }
    long tick = ProcStats.TICKS_PER_SECOND;
    long lastNanos = System.nanoTime();
    long lastEngine = ProcStats.cpuTicks(enginePid);
    long lastReceiver = ProcStats.cpuTicks(receiverPid);
    java.util.Map<Long, Long> lastPostgres = ProcStats.serverTicks(postmaster);
    long[] lastMachine = ProcStats.machineTicks();
    try {
      while (!stopped && System.currentTimeMillis() < deadlineMillis) {
        long now = System.currentTimeMillis();
        long next = (now / 1000 + 1) * 1000 + 500;
        if (!sleepUntil(next)) {
          break;
        }
        Sample s = new Sample();
        s.second = next / 1000;
        s.phase = phase;
        long nanos = System.nanoTime();
        double elapsedSeconds = (nanos - lastNanos) / 1e9;
        lastNanos = nanos;
        long engine = ProcStats.cpuTicks(enginePid);
        long receiver = ProcStats.cpuTicks(receiverPid);
        java.util.Map<Long, Long> postgres = ProcStats.serverTicks(postmaster);
        long[] machine = ProcStats.machineTicks();
        s.engineCpuPct = pct(engine, lastEngine, tick, elapsedSeconds);
        s.receiverCpuPct = pct(receiver, lastReceiver, tick, elapsedSeconds);
        long postgresUsed = ProcStats.ticksBetween(lastPostgres, postgres);
        s.postgresCpuPct = postgresUsed < 0 ? Double.NaN : pct(postgresUsed, 0, tick, elapsedSeconds);
        if (machine[0] > lastMachine[0] && lastMachine[0] >= 0) {
          double busy = (machine[0] - lastMachine[0]) - (machine[1] - lastMachine[1]);
          // as a percentage of one core, like the process figures (2 cores = 200 %)
          s.machineCpuPct = 100.0 * Runtime.getRuntime().availableProcessors() * busy / (machine[0] - lastMachine[0]);
        }
        lastEngine = engine;
        lastReceiver = receiver;
        lastPostgres = postgres;
        lastMachine = machine;
        long engineRss = ProcStats.rssBytes(enginePid);
        long receiverRss = ProcStats.rssBytes(receiverPid);
        s.engineRssMb = engineRss < 0 ? Double.NaN : engineRss / 1048576.0;
        s.receiverRssMb = receiverRss < 0 ? Double.NaN : receiverRss / 1048576.0;
        // both requests at once, so one slow answer does not push the next sample past its second
        var statsAnswer = http.request(HttpMethod.GET, receiverPort, "/stats?light=true", null, 800);
        var metricsAnswer = http.request(HttpMethod.GET, enginePort, "/metrics", null, 800);
        try {
          var stats = statsAnswer.await(1000, TimeUnit.MILLISECONDS).bodyAsJsonObject();
          s.receiverReceipts = stats.getJsonObject("lifetime").getLong("receipts");
        } catch (Exception e) {
          // receiver busy or gone: leave it unknown
        }
        try {
          var answer = metricsAnswer.await(1000, TimeUnit.MILLISECONDS);
          if (answer.statusCode() != 200) {
            throw new IllegalStateException("metrics answered " + answer.statusCode());
          }
          Prom m = Prom.parse(answer.bodyAsString());
          s.engineFiresTotal = m.get(scheduler.firesMetric());
          s.driftP50m1 = m.get("cronwheel_fire_drift_ms", "quantile", "0.5", "window", "1m");
          s.driftP99m1 = m.get("cronwheel_fire_drift_ms", "quantile", "0.99", "window", "1m");
          s.driftP999m1 = m.get("cronwheel_fire_drift_ms", "quantile", "0.999", "window", "1m");
          s.driftMaxMs = m.get("cronwheel_fire_drift_max_ms");
          s.backlog = m.get("cronwheel_records_backlog");
          s.inflight = m.get(scheduler.inflightMetric());
          s.rejected = m.get("cronwheel_records_rejected_total");
          s.unexpected = m.get("cronwheel_errors_unexpected_total");
        } catch (Exception e) {
          // engine busy or stopping
        }
        if (statement != null) {
          try (ResultSet rs = statement.executeQuery("SELECT coalesce(sum(n_tup_ins + n_tup_upd) FILTER (WHERE "
              + "relname = 'executions'), 0), coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM "
              + "pg_stat_user_tables")) {
            rs.next();
            s.pgRowsWritten = rs.getLong(1);
            s.pgRowsWrittenAll = rs.getLong(2);
          } catch (SQLException e) {
            // skip this second
          }
        }
        synchronized (this) {
          Sample previous = samples.isEmpty() ? null : samples.get(samples.size() - 1);
          samples.add(s);
          progress = String.format("%s: receiver %s/s, %s fires %s/s, %s CPU %.0f%%, PG CPU %.0f%%, "
                  + "machine CPU %.0f%%, backlog %s", s.phase,
              previous == null || previous.receiverReceipts < 0 || s.receiverReceipts < 0 ? "?"
                  : Long.toString(s.receiverReceipts - previous.receiverReceipts), scheduler.label,
              previous == null ? "?" : String.format("%.0f", s.engineFiresTotal - previous.engineFiresTotal),
              scheduler.label, s.engineCpuPct, s.postgresCpuPct, s.machineCpuPct,
              Double.isNaN(s.backlog) ? "?" : String.format("%.0f", s.backlog));
        }
      }
    } finally {
      close(statement, connection);
    }
  }

  private static double pct(long now, long before, long tick, double elapsedSeconds) {
    if (now < 0 || before < 0 || elapsedSeconds <= 0) {
      return Double.NaN;
    }
    return 100.0 * (now - before) / tick / elapsedSeconds;
  }

  private void countLoop() {
    Connection connection = null;
    Statement statement = null;
    try {
      connection = db.connect();
      statement = connection.createStatement();
      // one core at most, so the count disturbs the engine's database as little as possible
      statement.execute("SET max_parallel_workers_per_gather = 0");
      statement.execute("SET statement_timeout = '20s'");
      long next = (System.currentTimeMillis() / 1000 + 1) * 1000 + 250;
      while (!stopped && System.currentTimeMillis() < deadlineMillis) {
        if (!sleepUntil(next)) {
          break;
        }
        next += countIntervalSeconds * 1000L;
        long start = System.currentTimeMillis();
        try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM executions")) {
          rs.next();
          long rows = rs.getLong(1);
          synchronized (this) {
            counts.add(new Count(start, rows, System.currentTimeMillis() - start));
          }
        } catch (SQLException e) {
          log.accept("row count failed: " + e.getMessage());
        }
        while (next < System.currentTimeMillis()) {
          next += countIntervalSeconds * 1000L;
        }
      }
    } catch (SQLException e) {
      log.accept("row counter: no database connection: " + e.getMessage());
    } finally {
      close(statement, connection);
    }
  }

  private static void close(Statement statement, Connection connection) {
    try {
      if (statement != null) {
        statement.close();
      }
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException e) {
      // closing anyway
    }
  }
}
