package io.cronwheel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.Engine;
import io.cronwheel.support.Api;
import io.cronwheel.support.EngineFixture;
import io.cronwheel.support.PostgresFixture;
import io.cronwheel.support.RecordingReceiver;
import io.cronwheel.support.RecordingReceiver.Received;
import io.cronwheel.support.Waits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real engine, real PostgreSQL, real local receiver, real clock: jobs fire at their seconds and are
 * recorded.
 */
class FiringIT {
  private static final Logger log = LoggerFactory.getLogger(FiringIT.class);
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static PgConnectOptions db;
  private static Engine engine;
  private static Api api;
  private static RecordingReceiver receiver;

  @BeforeAll
  static void start() {
    db = PostgresFixture.get().newDatabase();
    engine = EngineFixture.start(db);
    api = new Api(engine.port());
    receiver = RecordingReceiver.start();
  }

  @AfterAll
  static void stop() {
    engine.stop().await();
    receiver.close();
  }

  private static String createJob(String schedule, String path, JsonObject extra) {
    JsonObject body =
        new JsonObject()
            .put("name", "firing-" + UUID.randomUUID())
            .put("schedule", schedule)
            .put("target", new JsonObject().put("url", receiver.url(path)));
    extra.forEach(e -> body.put(e.getKey(), e.getValue()));
    Api.Response created = api.post("/api/v1/jobs", body.encode());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().getString("id");
  }

  private static Predicate<Received> forJob(String id) {
    return r -> id.equals(r.header("X-Cronwheel-Job-Id"));
  }

  private static JsonArray history(String id, String query) {
    return api.get("/api/v1/jobs/" + id + "/executions" + query).json().getJsonArray("items");
  }

  @Test
  void everySecondJob_firesOncePerSecondWithTheCronwheelHeaders() {
    String id = createJob("* * * * * *", "/every-second", new JsonObject());

    List<Received> got = receiver.awaitCount(forJob(id), 4, WAIT);

    List<Instant> seconds =
        got.stream().map(r -> Instant.parse(r.header("X-Cronwheel-Scheduled-At"))).toList();
    assertThat(seconds).doesNotHaveDuplicates().isSorted();
    assertThat(seconds).allMatch(s -> s.truncatedTo(ChronoUnit.SECONDS).equals(s));
    for (int i = 1; i < seconds.size(); i++) {
      assertThat(seconds.get(i)).isEqualTo(seconds.get(i - 1).plusSeconds(1));
    }
    Received first = got.get(0);
    assertThat(first.method()).isEqualTo("POST");
    assertThat(first.header("X-Cronwheel-Attempt")).isEqualTo("1");
    assertThat(first.header("X-Cronwheel-Execution-Id")).isNotBlank();
    assertThat(first.header("Idempotency-Key"))
        .isEqualTo(id + ":" + seconds.get(0).getEpochSecond());
    assertThat(new JsonObject(first.body()).getString("jobId")).isEqualTo(id);
    long maxReceiveDriftMs =
        got.stream()
            .mapToLong(
                r ->
                    r.receivedAtMillis()
                        - Instant.parse(r.header("X-Cronwheel-Scheduled-At")).toEpochMilli())
            .max()
            .orElseThrow();
    log.info("every-second job: {} fires, max receive drift {} ms", got.size(), maxReceiveDriftMs);

    Waits.until(
        () -> history(id, "?status=SUCCEEDED").size() >= 3, WAIT, () -> "executions recorded");
    JsonObject execution = history(id, "?status=SUCCEEDED").getJsonObject(0);
    assertThat(execution.getInteger("httpStatus")).isEqualTo(200);
    assertThat(execution.getInteger("attempts")).isEqualTo(1);
    assertThat(execution.getLong("driftMs")).isBetween(0L, 5_000L);
    assertThat(execution.getString("trigger")).isEqualTo("SCHEDULED");
  }

  @Test
  void pause_stopsFiringAndResumeStartsAgain() {
    String id = createJob("* * * * * *", "/pause", new JsonObject());
    receiver.awaitCount(forJob(id), 2, WAIT);

    assertThat(api.patch("/api/v1/jobs/" + id, "{\"active\": false}").status()).isEqualTo(200);
    int atPause = receiver.received(forJob(id)).size();
    sleepSeconds(3);
    // At most one request that had already left when the pause was applied.
    assertThat(receiver.received(forJob(id)).size()).isLessThanOrEqualTo(atPause + 1);

    assertThat(api.patch("/api/v1/jobs/" + id, "{\"active\": true}").status()).isEqualTo(200);
    receiver.awaitCount(forJob(id), atPause + 3, WAIT);
  }

  @Test
  void atMostOnceJob_firesEachSecondOnceFromItsClaims() {
    String id =
        createJob("* * * * * *", "/amo", new JsonObject().put("executionType", "AT_MOST_ONCE"));

    List<Received> got = receiver.awaitCount(forJob(id), 3, WAIT);

    assertThat(got.stream().map(r -> r.header("X-Cronwheel-Scheduled-At"))).doesNotHaveDuplicates();
    Waits.until(
        () -> history(id, "?status=SUCCEEDED").size() >= 2, WAIT, () -> "executions recorded");
    long duplicates =
        PostgresFixture.get()
            .queryLong(
                db,
                "SELECT count(*) - count(DISTINCT scheduled_at) "
                    + "FROM executions WHERE job_id = '"
                    + id
                    + "'");
    assertThat(duplicates).isZero();
  }

  @Test
  void failingTarget_isRetriedWithTheSameIdempotencyKeyThenRecordedAsFailed() {
    try (RecordingReceiver failing = RecordingReceiver.start()) {
      failing.respondWith(500);
      JsonObject body =
          new JsonObject()
              .put("name", "failing-" + UUID.randomUUID())
              .put("schedule", "* * * * * *")
              .put("target", new JsonObject().put("url", failing.url("/fail")))
              .put(
                  "retry",
                  new JsonObject()
                      .put("maxAttempts", 3)
                      .put("initialDelayMs", 20)
                      .put("maxDelayMs", 50));
      String id = api.post("/api/v1/jobs", body.encode()).json().getString("id");

      Waits.until(
          () -> history(id, "?status=FAILED").size() >= 1, WAIT, () -> "a failed execution");
      api.patch("/api/v1/jobs/" + id, "{\"active\": false}");
      JsonObject failed = history(id, "?status=FAILED").getJsonObject(0);
      assertThat(failed.getInteger("attempts")).isEqualTo(3);
      assertThat(failed.getInteger("httpStatus")).isEqualTo(500);
      assertThat(failed.getString("error")).contains("500");

      List<Received> attempts =
          failing.received(
              r -> failed.getString("id").equals(r.header("X-Cronwheel-Execution-Id")));
      assertThat(attempts)
          .extracting(r -> r.header("X-Cronwheel-Attempt"))
          .containsExactly("1", "2", "3");
      assertThat(attempts)
          .extracting(r -> r.header("Idempotency-Key"))
          .containsOnly(attempts.get(0).header("Idempotency-Key"));
    }
  }

  @Test
  void trigger_firesAPausedJobOnceNowAndRecordsIt() {
    String id = createJob("0 0 0 1 1 *", "/manual", new JsonObject().put("active", false));

    Api.Response triggered = api.post("/api/v1/jobs/" + id + "/trigger", "");
    assertThat(triggered.status()).isEqualTo(202);
    String executionId = triggered.json().getString("executionId");

    Received got = receiver.awaitCount(forJob(id), 1, WAIT).get(0);
    assertThat(got.header("X-Cronwheel-Execution-Id")).isEqualTo(executionId);
    Waits.until(
        () -> history(id, "?status=SUCCEEDED").size() == 1,
        WAIT,
        () -> "manual execution recorded");
    assertThat(history(id, "").getJsonObject(0).getString("trigger")).isEqualTo("MANUAL");
  }

  private static void sleepSeconds(int seconds) {
    try {
      Thread.sleep(seconds * 1000L);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
