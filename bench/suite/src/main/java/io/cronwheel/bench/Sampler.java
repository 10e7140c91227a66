package io.cronwheel.bench;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Once a wall-clock second (at about .500, between the engine's fires at .000), a {@link Sample}: the engine's and
 * the receiver's CPU and RSS from /proc, the PostgreSQL server's CPU, the machine's CPU, the engine's /metrics, the
 * receiver's counters, and the rows PostgreSQL wrote to {@code executions} and to all tables (pg_stat_user_tables).
 * "Engine" is whichever scheduler the run drives: a peer's process and its /metrics take the engine's place. For
 * cronwheel, a {@link RowCounter} beside it. Stops by itself at its deadline.
 */
final class Sampler {
    private final Http http;
    private final SchedulerKind scheduler;
    private final int enginePort;
    private final int receiverPort;
    private final long enginePid;
    private final long receiverPid;
    private final Pg.Url db;
    private final DriverLog log;
    private final RowCounter counter;
    private final List<Sample> samples = new ArrayList<>();
    private volatile String phase = "start";
    private volatile boolean stopped;
    private volatile String progress = "";
    private Thread sampler;

    Sampler(Http http, SchedulerKind scheduler, Settings settings, Child engine, Child receiver, DriverLog log) {
        this.http = http;
        this.scheduler = scheduler;
        this.enginePort = settings.engine().port();
        this.receiverPort = settings.receiver().port();
        this.enginePid = engine.pid();
        this.receiverPid = receiver.pid();
        this.db = settings.db().bench();
        this.log = log;
        int countInterval = scheduler.isPeer() ? 0 : settings.workload().countIntervalSeconds();
        this.counter = countInterval > 0 ? new RowCounter(db, countInterval, log) : null;
    }

    void phase(String phase) {
        this.phase = phase;
    }

    String progress() {
        return progress;
    }

    void start(long deadlineMillis) {
        sampler = Daemons.start("sampler", () -> sampleUntil(deadlineMillis));
        if (counter != null) {
            counter.start(deadlineMillis);
        }
    }

    void stop() {
        stopped = true;
        Daemons.stop(sampler, 15_000);
        if (counter != null) {
            counter.stop();
        }
    }

    synchronized List<Sample> samples() {
        return new ArrayList<>(samples);
    }

    List<RowCounter.Count> counts() {
        return counter == null ? List.of() : counter.counts();
    }

    private void sampleUntil(long deadlineMillis) {
        Statement statement = null;
        long postmaster = -1;
        try {
            Connection connection = db.connect();
            statement = connection.createStatement();
            statement.execute("SET statement_timeout = '2s'");
            try (ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                postmaster = db.isLocal() ? ProcStats.postmasterOf(rs.getLong(1)) : -1;
            }
        } catch (SQLException e) {
            log.log("sampler: no database connection, rows written will be missing: " + e.getMessage());
        }
        CpuMeter cpu = new CpuMeter(enginePid, receiverPid, postmaster);
        try {
            while (!stopped && System.currentTimeMillis() < deadlineMillis) {
                long next = (System.currentTimeMillis() / 1000 + 1) * 1000 + 500;
                if (!Daemons.sleepUntil(next) || stopped) {
                    break;
                }
                Sample s = new Sample();
                s.second = next / 1000;
                s.phase = phase;
                cpu.read(s);
                long engineRss = ProcStats.rssBytes(enginePid);
                long receiverRss = ProcStats.rssBytes(receiverPid);
                s.engineRssMb = engineRss < 0 ? Double.NaN : engineRss / 1048576.0;
                s.receiverRssMb = receiverRss < 0 ? Double.NaN : receiverRss / 1048576.0;
                readEndpoints(s);
                if (statement != null) {
                    readRowsWritten(statement, s);
                }
                add(s);
            }
        } finally {
            close(statement);
        }
    }

    /** The receiver's counters and the scheduler's /metrics, both asked at once so one slow answer delays neither. */
    private void readEndpoints(Sample s) {
        Future<HttpResponse<Buffer>> statsAnswer =
                http.request(HttpMethod.GET, receiverPort, "/stats?light=true", null, 800);
        Future<HttpResponse<Buffer>> metricsAnswer = http.request(HttpMethod.GET, enginePort, "/metrics", null, 800);
        try {
            s.receiverReceipts = statsAnswer
                    .await(1000, TimeUnit.MILLISECONDS)
                    .bodyAsJsonObject()
                    .getJsonObject("lifetime")
                    .getLong("receipts");
        } catch (Exception e) {
            // receiver busy or gone: leave it unknown
        }
        try {
            HttpResponse<Buffer> answer = metricsAnswer.await(1000, TimeUnit.MILLISECONDS);
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
    }

    private static void readRowsWritten(Statement statement, Sample s) {
        try (ResultSet rs = statement.executeQuery("SELECT coalesce(sum(n_tup_ins + n_tup_upd) FILTER (WHERE "
                // the parent and its partitions (the statistics are kept per partition)
                + "relname = 'executions' OR relname LIKE 'executions\\_%'), 0), coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM "
                + "pg_stat_user_tables")) {
            rs.next();
            s.pgRowsWritten = rs.getLong(1);
            s.pgRowsWrittenAll = rs.getLong(2);
        } catch (SQLException e) {
            // skip this second
        }
    }

    private synchronized void add(Sample s) {
        Sample previous = samples.isEmpty() ? null : samples.get(samples.size() - 1);
        samples.add(s);
        progress = String.format(
                "%s: receiver %s/s, %s fires %s/s, %s CPU %.0f%%, PG CPU %.0f%%, machine CPU %.0f%%, " + "backlog %s",
                s.phase,
                previous == null || previous.receiverReceipts < 0 || s.receiverReceipts < 0
                        ? "?"
                        : Long.toString(s.receiverReceipts - previous.receiverReceipts),
                scheduler.label,
                previous == null ? "?" : String.format("%.0f", s.engineFiresTotal - previous.engineFiresTotal),
                scheduler.label,
                s.engineCpuPct,
                s.postgresCpuPct,
                s.machineCpuPct,
                Double.isNaN(s.backlog) ? "?" : String.format("%.0f", s.backlog));
    }

    private static void close(Statement statement) {
        try {
            if (statement != null) {
                Connection connection = statement.getConnection();
                statement.close();
                connection.close();
            }
        } catch (SQLException e) {
            // closing anyway
        }
    }
}
