package io.cronwheel.bench;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The run's jobs in the scheduler: registered through the engine's REST API (bounded concurrency, retried on 5xx,
 * 429 and errors), or, for a peer, which schedules its own at start-up, awaited; and paused at the end for {@code
 * --stop pause}.
 */
final class Registration {
    private static final long HIGHEST_MICROS = 3_600_000_000L;

    private final Settings settings;
    private final SchedulerKind scheduler;
    private final Http http;
    private final RunResult result;
    private final DriverLog log;

    Registration(Settings settings, SchedulerKind scheduler, Http http, RunResult result, DriverLog log) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.http = http;
        this.result = result;
        this.log = log;
    }

    /** @return the jobs' ids (none for a peer) */
    String[] register(Child engine, int jobs, long limitSeconds) throws Exception {
        return scheduler.isPeer() ? awaitPeer(engine, jobs, limitSeconds) : registerThroughApi(jobs, limitSeconds);
    }

    private String[] registerThroughApi(int jobs, long limitSeconds) throws Exception {
        String tag = Long.toString(System.currentTimeMillis(), 36);
        String[] ids = new String[jobs];
        log.log("registering " + jobs + " jobs (" + result.amoJobs + " AT_MOST_ONCE), "
                + settings.workload().registerConcurrency() + " requests in flight");
        long start = System.nanoTime();
        result.registrationStart = System.currentTimeMillis() / 1000;
        Recorder latency = new Recorder(HIGHEST_MICROS, 3);
        InFlight.Outcome outcome = InFlight.run(
                http.vertx, "registration", jobs, settings.workload().registerConcurrency(), limitSeconds, i -> {
                    long begin = System.nanoTime();
                    return createJob(tag, i, 1).map(id -> {
                        ids[i] = id;
                        latency.recordValue(Math.min((System.nanoTime() - begin) / 1000, HIGHEST_MICROS));
                        return null;
                    });
                });
        Histogram h = latency.getIntervalHistogram();
        if (h.getTotalCount() > 0) {
            result.registrationLatency = String.format(
                    Locale.ROOT,
                    "p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                    h.getValueAtPercentile(50) / 1000.0,
                    h.getValueAtPercentile(99) / 1000.0,
                    h.getMaxValue() / 1000.0);
        }
        result.registrationSeconds = (System.nanoTime() - start) / 1e9;
        result.registrationEnd = System.currentTimeMillis() / 1000;
        result.registrationFailures = outcome.failures();
        outcome.firstFailures()
                .forEach(f -> result.registrationErrors.add(
                        "#" + f.index() + ": " + f.cause().getMessage()));
        log.log(String.format(
                "registered %d jobs in %.1f s (%.0f jobs/s), %d failed; POST latency %s",
                jobs - outcome.failures(),
                result.registrationSeconds,
                jobs / result.registrationSeconds,
                outcome.failures(),
                result.registrationLatency));
        if (outcome.failures() > 0) {
            throw new IllegalStateException(
                    outcome.failures() + " job registrations failed, e.g. " + result.registrationErrors);
        }
        return ids;
    }

    /** Job i: every second in UTC, posting to the receiver's {@code /amo/i} or {@code /alo/i}. */
    private JsonObject jobJson(String tag, int i) {
        boolean amo = settings.workload().isAmo(i);
        JsonObject json = new JsonObject()
                .put("name", "bench-" + tag + "-" + i)
                .put("schedule", "* * * * * *")
                .put("timezone", "UTC")
                .put("executionType", amo ? "AT_MOST_ONCE" : "AT_LEAST_ONCE")
                .put(
                        "target",
                        new JsonObject()
                                .put(
                                        "url",
                                        "http://" + Http.HOST + ":"
                                                + settings.receiver().port() + (amo ? "/amo/" : "/alo/") + i)
                                .put("method", "POST"));
        if (settings.workload().jobTimeoutMs() != null) {
            json.put("timeoutMs", settings.workload().jobTimeoutMs());
        }
        return json;
    }

    private Future<String> createJob(String tag, int i, int attempt) {
        JsonObject body = jobJson(tag, i);
        int port = settings.engine().port();
        return http.request(HttpMethod.POST, port, "/api/v1/jobs", body, 30_000)
                .compose(
                        response -> {
                            int code = response.statusCode();
                            if (code == 201) {
                                return Future.succeededFuture(
                                        response.bodyAsJsonObject().getString("id"));
                            }
                            if (code == 409 && attempt > 1) { // an earlier attempt went through after all
                                return http.request(
                                                HttpMethod.GET,
                                                port,
                                                "/api/v1/jobs?limit=1&name=" + body.getString("name"),
                                                null,
                                                30_000)
                                        .map(r -> r.bodyAsJsonObject()
                                                .getJsonArray("items")
                                                .getJsonObject(0)
                                                .getString("id"));
                            }
                            if ((code >= 500 || code == 429) && attempt < 4) {
                                return http.vertx.timer(250L * attempt).compose(t -> createJob(tag, i, attempt + 1));
                            }
                            return Future.failedFuture("HTTP " + code + ": " + response.bodyAsString());
                        },
                        error -> attempt < 4
                                ? http.vertx.timer(250L * attempt).compose(t -> createJob(tag, i, attempt + 1))
                                : Future.failedFuture(error));
    }

    /** Waits until the peer has scheduled all its jobs, which it does at start-up, and records how long it took. */
    private String[] awaitPeer(Child peer, int jobs, long limitSeconds) throws Exception {
        result.registrationStart = System.currentTimeMillis() / 1000;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(limitSeconds);
        while (true) {
            peer.requireAlive();
            try {
                double seconds = Prom.parse(http.getText(settings.engine().port(), "/metrics", 5000))
                        .get("peer_schedule_seconds");
                if (!Double.isNaN(seconds)) {
                    result.registrationSeconds = seconds;
                    break;
                }
            } catch (Exception e) {
                // busy: ask again
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        scheduler.label + " had not scheduled its " + jobs + " jobs after " + limitSeconds + " s");
            }
            Thread.sleep(250);
        }
        result.registrationEnd = System.currentTimeMillis() / 1000;
        result.registrationLatency = "n/a (scheduled inside the " + scheduler.label + " process, in chunks of 1,000)";
        log.log(String.format(
                "%s scheduled %d jobs in %.1f s (%.0f jobs/s)",
                scheduler.label, jobs, result.registrationSeconds, jobs / result.registrationSeconds));
        return new String[0];
    }

    /** {@code --stop pause}: every job paused through the API. */
    void pauseAll(String[] ids) throws Exception {
        log.log("pausing all " + ids.length + " jobs");
        long start = System.nanoTime();
        InFlight.Outcome outcome = InFlight.run(
                http.vertx,
                "pausing",
                ids.length,
                settings.workload().registerConcurrency(),
                Math.max(120, ids.length / 50),
                i -> http.request(
                                HttpMethod.PATCH,
                                settings.engine().port(),
                                "/api/v1/jobs/" + ids[i],
                                new JsonObject().put("active", false),
                                30_000)
                        .compose(r -> r.statusCode() == 200
                                ? Future.succeededFuture()
                                : Future.failedFuture("HTTP " + r.statusCode() + ": " + r.bodyAsString())));
        outcome.firstFailures()
                .forEach(f -> result.registrationErrors.add(
                        "#" + f.index() + ": " + f.cause().getMessage()));
        log.log(String.format("paused in %.1f s, %d failed", (System.nanoTime() - start) / 1e9, outcome.failures()));
    }

    /** Waits until the engine has nothing in flight and no record backlog. */
    void waitForQuiet(int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try {
                Prom m = Prom.parse(http.getText(settings.engine().port(), "/metrics", 5000));
                if (m.get("cronwheel_records_backlog") == 0 && m.get("cronwheel_requests_inflight") == 0) {
                    log.log("engine quiet: nothing in flight, record backlog 0");
                    return;
                }
            } catch (Exception e) {
                // retry
            }
            Thread.sleep(500);
        }
        log.log("engine still not quiet after " + seconds + " s");
    }
}
