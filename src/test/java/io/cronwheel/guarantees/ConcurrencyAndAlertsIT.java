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
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Promises 5 and 6: live concurrency caps, overlap policies, and an alert when a job starts failing
 * (the flood of them is {@link AlertFloodIT}'s).
 */
class ConcurrencyAndAlertsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static Engine engine;
  private static Api api;

  @BeforeAll
  static void start() {
    engine = EngineFixture.start(PostgresFixture.get().newDatabase());
    api = new Api(engine.port());
  }

  @AfterAll
  static void stop() {
    engine.stop().await();
  }

  private static String create(String name, String url, JsonObject extra) {
    JsonObject body =
        new JsonObject()
            .put("name", name)
            .put("schedule", "* * * * * *")
            .put("target", new JsonObject().put("url", url));
    extra.forEach(e -> body.put(e.getKey(), e.getValue()));
    Api.Response created = api.post("/api/v1/jobs", body.encode());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().getString("id");
  }

  private static void pause(String id) {
    api.patch("/api/v1/jobs/" + id, "{\"active\": false}");
  }

  @Test
  void concurrencyCap_changedAtRuntimeBoundsRequestsInFlight() throws Exception {
    try (RecordingReceiver slow = RecordingReceiver.start()) {
      slow.respond(r -> Reply.delayed(200, 700));
      Api.Response set =
          api.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create("http://127.0.0.1:" + engine.port() + "/api/v1/config"))
                  .header("Content-Type", "application/json")
                  .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"maxInFlight\": 2}")));
      assertThat(set.status()).isEqualTo(200);
      assertThat(api.get("/api/v1/config").json().getInteger("maxInFlight")).isEqualTo(2);
      String[] ids = new String[6];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = create("capped-" + i, slow.url("/slow"), new JsonObject());
      }
      slow.awaitCount(r -> true, 12, WAIT);
      assertThat(slow.maxConcurrent()).as("in flight with a cap of 2").isLessThanOrEqualTo(2);

      api.send(
          java.net.http.HttpRequest.newBuilder(
                  java.net.URI.create("http://127.0.0.1:" + engine.port() + "/api/v1/config"))
              .header("Content-Type", "application/json")
              .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"maxInFlight\": 100}")));
      slow.resetMaxConcurrent();
      int seen = slow.received().size();
      slow.awaitCount(r -> true, seen + 18, WAIT);
      assertThat(slow.maxConcurrent()).as("in flight once the cap is raised").isGreaterThan(2);
      for (String id : ids) {
        pause(id);
      }
    }
  }

  @Test
  void overlapSkip_recordsSecondsThatComeWhileTheJobIsStillRunning() throws Exception {
    try (RecordingReceiver slow = RecordingReceiver.start()) {
      slow.respond(r -> Reply.delayed(200, 2500));
      String id =
          create("overlap-skip", slow.url("/slow"), new JsonObject().put("overlapPolicy", "SKIP"));
      Waits.until(
          () ->
              !api.get("/api/v1/jobs/" + id + "/executions?status=SKIPPED")
                  .json()
                  .getJsonArray("items")
                  .isEmpty(),
          WAIT,
          () -> "no skipped execution");
      pause(id);
      JsonObject skipped =
          api.get("/api/v1/jobs/" + id + "/executions?status=SKIPPED")
              .json()
              .getJsonArray("items")
              .getJsonObject(0);
      assertThat(skipped.getString("error")).contains("still running");
    }
  }

  @Test
  void firstFinalFailure_postsAJobFailingAlertToTheJobsWebhookAndListsIt() throws Exception {
    try (RecordingReceiver failing = RecordingReceiver.start();
        RecordingReceiver webhook = RecordingReceiver.start()) {
      failing.respondWith(503);
      String id =
          create(
              "alerting",
              failing.url("/down"),
              new JsonObject()
                  .put("alertWebhook", webhook.url("/alerts"))
                  .put(
                      "retry",
                      new JsonObject()
                          .put("maxAttempts", 2)
                          .put("initialDelayMs", 10)
                          .put("maxDelayMs", 10)));
      RecordingReceiver.Received alert = webhook.awaitCount(r -> true, 1, WAIT).get(0);
      pause(id);
      JsonObject payload = new JsonObject(alert.body());
      assertThat(payload.getString("type")).isEqualTo("JOB_FAILING");
      assertThat(payload.getString("jobId")).isEqualTo(id);
      assertThat(payload.getString("jobName")).isEqualTo("alerting");
      assertThat(payload.getInteger("failures")).isEqualTo(1);
      assertThat(payload.getLong("totalFailures")).isEqualTo(1);
      JsonObject last = payload.getJsonObject("lastExecution");
      assertThat(last.getInteger("attempts")).isEqualTo(2);
      assertThat(last.getInteger("httpStatus")).isEqualTo(503);
      assertThat(last.getString("error")).contains("503");
      assertThat(payload.getString("failingSince")).isEqualTo(last.getString("scheduledAt"));
      assertThat(alert.header("Idempotency-Key")).isEqualTo(payload.getString("alertId"));
      assertThat(alert.header("X-Cronwheel-Alert-Id")).isEqualTo(payload.getString("alertId"));
      Waits.until(
          () ->
              api.get("/api/v1/alerts").json().getJsonArray("items").stream()
                  .map(a -> (JsonObject) a)
                  .anyMatch(
                      a ->
                          id.equals(a.getString("jobId"))
                              && "JOB_FAILING".equals(a.getString("type"))
                              && "DELIVERED".equals(a.getString("status"))),
          WAIT,
          () -> "alert not listed as delivered");
      assertThat(api.get("/metrics").body())
          .contains("cronwheel_alerts_total{result=\"delivered\"}");
    }
  }
}
