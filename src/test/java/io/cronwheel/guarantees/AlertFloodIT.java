package io.cronwheel.guarantees;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.Engine;
import io.cronwheel.support.Api;
import io.cronwheel.support.EngineFixture;
import io.cronwheel.support.PostgresFixture;
import io.cronwheel.support.RecordingReceiver;
import io.cronwheel.support.RecordingReceiver.Reply;
import io.cronwheel.support.Waits;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Promise 6 under a flood (issue 9): a host outage takes down 200 every-second jobs while their
 * alert webhook answers 503. Each job must get one {@code JOB_FAILING}, at most one alert per
 * interval after it, and exactly one {@code JOB_RESOLVED} when its target works again; the counts
 * in its alerts must add up to its failed executions; the 503s must be retried until delivered; and
 * what the engine holds (alerts in flight, unstored, tracked, rows in the table) must stay bounded.
 * One alert per failed execution, the way alerts used to work, fails every one of these.
 */
class AlertFloodIT {
  private static final Logger log = LoggerFactory.getLogger(AlertFloodIT.class);
  private static final int JOBS = 200;
  private static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final int WINDOW = 16;
  private static final Duration WAIT = Duration.ofSeconds(90);

  /** The most seen of each bounded quantity, sampled while the flood goes on. */
  private static final class Peaks {
    final AtomicLong inFlight = new AtomicLong();
    final AtomicLong unstored = new AtomicLong();
    final AtomicLong episodes = new AtomicLong();
    final AtomicLong pending = new AtomicLong();
  }

  /** What the webhook heard about one alert id. */
  private record Heard(String jobId, String type, JsonObject payload, int posts, boolean taken) {}

  @Test
  void hostOutageWithTheWebhookDown_sendsBoundedAggregatedAlertsAndOneResolutionPerJob()
      throws Exception {
    PgConnectOptions db = PostgresFixture.get().newDatabase();
    AtomicBoolean webhookUp = new AtomicBoolean();
    Set<String> taken = ConcurrentHashMap.newKeySet();
    try (RecordingReceiver webhook = RecordingReceiver.start();
        RecordingReceiver healthyTarget = RecordingReceiver.start()) {
      webhook.respond(
          r -> {
            if (!webhookUp.get()) {
              return Reply.status(503);
            }
            taken.add(r.header("X-Cronwheel-Alert-Id"));
            return Reply.status(200);
          });
      Engine engine =
          EngineFixture.start(db, Map.of("CRONWHEEL_ALERT_INTERVAL", INTERVAL.toSeconds() + "s"));
      Api api = new Api(engine.port());
      WebhookLog heard = new WebhookLog(webhook, taken);
      Peaks peaks = new Peaks();
      AtomicBoolean sampling = new AtomicBoolean(true);
      // A client of its own: two first requests at once on one JDK client can break its h2c
      // upgrade (seen here as an HTTP/2 protocol error on a job POST).
      Api metricsApi = new Api(engine.port());
      Thread sampler =
          new Thread(() -> sample(metricsApi, db, peaks, sampling), "alert-flood-sampler");
      sampler.start();
      long startMillis = System.currentTimeMillis();
      try {
        String downUrl = "http://127.0.0.1:" + closedPort() + "/down";
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
          ids.add(create(api, "flood-" + i, downUrl, webhook.url("/alerts")));
        }

        // The webhook is down: every job's JOB_FAILING is retried, and its later failures pile up
        // in one pending JOB_STILL_FAILING row behind it, not in one row per failure.
        Waits.until(
            () -> everyJob(ids, heard.heard(), "JOB_FAILING", h -> h.posts() >= 3),
            WAIT,
            () -> "not every JOB_FAILING was retried twice");
        Waits.until(
            () ->
                PostgresFixture.get()
                        .queryLong(
                            db,
                            "SELECT count(DISTINCT job_id) FROM alerts "
                                + "WHERE type = 'JOB_STILL_FAILING' AND status = 'PENDING'")
                    == JOBS,
            WAIT,
            () -> "no pending JOB_STILL_FAILING for every job");

        // The webhook is back while the jobs still fail; then their target works again.
        log.info("webhook answers 200 from now on");
        webhookUp.set(true);
        Waits.until(
            () -> everyJob(ids, heard.heard(), "JOB_STILL_FAILING", Heard::taken),
            WAIT,
            () -> "not every job's JOB_STILL_FAILING was delivered");
        log.info("the jobs' target works from now on");
        for (String id : ids) {
          JsonObject patch =
              new JsonObject().put("target", new JsonObject().put("url", healthyTarget.url("/up")));
          assertThat(api.patch("/api/v1/jobs/" + id, patch.encode()).status()).isEqualTo(200);
        }
        Waits.until(
            () -> everyJob(ids, heard.heard(), "JOB_RESOLVED", Heard::taken),
            WAIT,
            () -> "not every job's JOB_RESOLVED was delivered");
      } finally {
        sampling.set(false);
        sampler.join();
        engine.stop().await();
      }
      double minutes = (System.currentTimeMillis() - startMillis) / 60_000.0;
      check(db, heard.heard(), webhook, peaks, minutes);
    }
  }

  private void check(
      PgConnectOptions db,
      Map<String, Heard> heardById,
      RecordingReceiver webhook,
      Peaks peaks,
      double minutes) {
    PostgresFixture pg = PostgresFixture.get();
    List<Heard> heard = List.copyOf(heardById.values());
    Map<String, List<Heard>> byJob =
        heard.stream()
            .collect(Collectors.groupingBy(Heard::jobId, LinkedHashMap::new, Collectors.toList()));
    assertThat(byJob).hasSize(JOBS);
    long perJobBound = 1 + (long) Math.ceil(minutes * 60 / INTERVAL.toSeconds()) + 1;
    long failedExecutions = 0;
    for (Map.Entry<String, List<Heard>> job : byJob.entrySet()) {
      List<Heard> alerts = job.getValue();
      List<String> types = alerts.stream().map(Heard::type).toList();
      assertThat(types.get(0)).as("first alert of %s", job.getKey()).isEqualTo("JOB_FAILING");
      assertThat(types.get(types.size() - 1)).isEqualTo("JOB_RESOLVED");
      assertThat(types.stream().filter("JOB_FAILING"::equals)).hasSize(1);
      assertThat(types.stream().filter("JOB_RESOLVED"::equals)).hasSize(1);
      assertThat((long) alerts.size())
          .as("alerts of one job over %.1f min, interval %s", minutes, INTERVAL)
          .isLessThanOrEqualTo(perJobBound);
      long failed =
          pg.queryLong(
              db,
              "SELECT count(*) FROM executions WHERE status = 'FAILED' AND job_id = '"
                  + job.getKey()
                  + "'");
      failedExecutions += failed;
      long told = alerts.stream().mapToLong(h -> h.payload().getInteger("failures")).sum();
      assertThat(told).as("failures told for %s", job.getKey()).isEqualTo(failed);
      assertThat(alerts.get(alerts.size() - 1).payload().getLong("totalFailures"))
          .isEqualTo(failed);
    }
    long distinct = heard.size();
    long posts = webhook.received().size();
    log.info(
        "alerts sent for {} failing jobs over {} minutes: {} ({} POSTs with the retries of 503s);"
            + " one alert per failed execution would have been {}",
        JOBS,
        String.format(java.util.Locale.ROOT, "%.1f", minutes),
        distinct,
        posts,
        failedExecutions);
    assertThat(distinct).isLessThanOrEqualTo(JOBS * perJobBound);
    assertThat(failedExecutions)
        .as("one alert per failed execution, as alerts used to be, breaks the bound")
        .isGreaterThan(JOBS * perJobBound);

    assertThat(pg.queryLong(db, "SELECT count(*) FROM alerts WHERE status <> 'DELIVERED'"))
        .as("every stored alert was delivered in the end")
        .isZero();
    assertThat(pg.queryLong(db, "SELECT count(*) FROM alerts WHERE attempts > 1"))
        .as("the 503s were retried")
        .isGreaterThanOrEqualTo(JOBS);
    assertThat(webhook.maxConcurrent()).isLessThanOrEqualTo(WINDOW);
    assertThat(peaks.inFlight.get()).isLessThanOrEqualTo(WINDOW);
    assertThat(peaks.episodes.get()).isLessThanOrEqualTo(JOBS);
    assertThat(peaks.unstored.get()).isLessThanOrEqualTo(JOBS);
    assertThat(peaks.pending.get())
        .as("pending rows: a job's head alert, one still-failing row adding up, a resolution")
        .isLessThanOrEqualTo(3L * JOBS);
  }

  /**
   * Distinct alerts the webhook heard, by alert id, in the order it first heard them; read on from
   * where the last call stopped, since the wait loops call it often.
   */
  private static final class WebhookLog {
    private final RecordingReceiver webhook;
    private final Set<String> taken;
    private final Map<String, Heard> heard = new LinkedHashMap<>();
    private int read;

    WebhookLog(RecordingReceiver webhook, Set<String> taken) {
      this.webhook = webhook;
      this.taken = taken;
    }

    synchronized Map<String, Heard> heard() {
      List<RecordingReceiver.Received> all = webhook.received();
      for (RecordingReceiver.Received r : all.subList(read, all.size())) {
        add(r);
      }
      read = all.size();
      heard.replaceAll(
          (id, h) -> new Heard(h.jobId(), h.type(), h.payload(), h.posts(), taken.contains(id)));
      return new LinkedHashMap<>(heard);
    }

    private void add(RecordingReceiver.Received r) {
      String id = r.header("X-Cronwheel-Alert-Id");
      JsonObject payload = new JsonObject(r.body());
      Heard before = heard.get(id);
      if (before != null) {
        assertThat(payload)
            .as("every attempt of %s carries the same alert", id)
            .isEqualTo(before.payload());
      }
      heard.put(
          id,
          new Heard(
              payload.getString("jobId"),
              payload.getString("type"),
              payload,
              before == null ? 1 : before.posts() + 1,
              false));
    }
  }

  private static boolean everyJob(
      List<String> ids,
      Map<String, Heard> heard,
      String type,
      java.util.function.Predicate<Heard> condition) {
    Set<String> done =
        heard.values().stream()
            .filter(h -> h.type().equals(type) && condition.test(h))
            .map(Heard::jobId)
            .collect(Collectors.toSet());
    return done.containsAll(ids);
  }

  private static String create(Api api, String name, String url, String alertWebhook) {
    JsonObject body =
        new JsonObject()
            .put("name", name)
            .put("schedule", "* * * * * *")
            .put("target", new JsonObject().put("url", url))
            .put("retry", new JsonObject().put("maxAttempts", 1))
            .put("alertWebhook", alertWebhook);
    Api.Response created = api.post("/api/v1/jobs", body.encode());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().getString("id");
  }

  /** A local port nothing listens on: connections to it are refused at once. */
  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void sample(Api api, PgConnectOptions db, Peaks peaks, AtomicBoolean sampling) {
    while (sampling.get()) {
      String metrics = api.get("/metrics").body();
      peaks.inFlight.accumulateAndGet(gauge(metrics, "cronwheel_alerts_inflight"), Math::max);
      peaks.unstored.accumulateAndGet(gauge(metrics, "cronwheel_alerts_unstored"), Math::max);
      peaks.episodes.accumulateAndGet(gauge(metrics, "cronwheel_alerts_episodes"), Math::max);
      peaks.pending.accumulateAndGet(
          PostgresFixture.get()
              .queryLong(db, "SELECT count(*) FROM alerts WHERE status = 'PENDING'"),
          Math::max);
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static long gauge(String metrics, String name) {
    for (String line : metrics.lines().toList()) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError("no gauge " + name + " in /metrics");
  }
}
