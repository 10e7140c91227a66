package io.cronwheel.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.Engine;
import io.cronwheel.support.Api;
import io.cronwheel.support.EngineFixture;
import io.cronwheel.support.PostgresFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The REST API against a real engine and a real PostgreSQL: round trips and every error case. */
class JobApiIT {
  private static PgConnectOptions db;
  private static Engine engine;
  private static Api api;

  @BeforeAll
  static void start() {
    db = PostgresFixture.get().newDatabase();
    engine = EngineFixture.start(db);
    api = new Api(engine.port());
  }

  @AfterAll
  static void stop() {
    engine.stop().await();
  }

  private static JsonObject validJob(String name) {
    return new JsonObject()
        .put("name", name)
        .put("schedule", "31 10-15 1 * * MON-FRI")
        .put("timezone", "Europe/Paris")
        .put("target", new JsonObject().put("url", "http://127.0.0.1:9/hook"));
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID();
  }

  private static long jobRows() {
    return PostgresFixture.get().queryLong(db, "SELECT count(*) FROM jobs");
  }

  @Test
  void create_returns201WithDefaultsLocationAndNextFireTime() {
    Api.Response created = api.post("/api/v1/jobs", validJob(unique("create")).encode());

    assertThat(created.status()).isEqualTo(201);
    JsonObject job = created.json();
    assertThat(created.header("Location")).isEqualTo("/api/v1/jobs/" + job.getString("id"));
    assertThat(job.getString("executionType")).isEqualTo("AT_LEAST_ONCE");
    assertThat(job.getJsonObject("target").getString("method")).isEqualTo("POST");
    assertThat(job.getLong("timeoutMs")).isEqualTo(10000L);
    assertThat(job.getBoolean("active")).isTrue();
    assertThat(job.getLong("version")).isEqualTo(1L);
    assertThat(job.getJsonObject("retry").getInteger("maxAttempts")).isEqualTo(3);
    Instant next = Instant.parse(job.getString("nextFireTime"));
    assertThat(next).isAfter(Instant.now());
    assertThat(next.atZone(java.time.ZoneId.of("Europe/Paris")).getSecond()).isEqualTo(31);

    Api.Response fetched = api.get(created.header("Location"));
    assertThat(fetched.status()).isEqualTo(200);
    assertThat(fetched.json().getString("name")).isEqualTo(job.getString("name"));
    assertThat(fetched.header("ETag")).isEqualTo("\"1\"");
  }

  @Test
  void patch_updatesFieldsMergesTargetAndBumpsVersion() {
    String id = api.post("/api/v1/jobs", validJob(unique("patch")).encode()).json().getString("id");
    Api.Response patched =
        api.patch(
            "/api/v1/jobs/" + id,
            "{\"schedule\": \"*/5 * * * * *\", \"target\": {\"method\": \"PUT\"}, \"version\": 1}");

    assertThat(patched.status()).isEqualTo(200);
    JsonObject job = patched.json();
    assertThat(job.getString("schedule")).isEqualTo("*/5 * * * * *");
    assertThat(job.getJsonObject("target").getString("method")).isEqualTo("PUT");
    assertThat(job.getJsonObject("target").getString("url")).isEqualTo("http://127.0.0.1:9/hook");
    assertThat(job.getLong("version")).isEqualTo(2L);

    Api.Response stale =
        api.patch("/api/v1/jobs/" + id, "{\"active\": false}", "If-Match", "\"1\"");
    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.json().getJsonObject("error").getString("code")).isEqualTo("stale_version");
    assertThat(api.get("/api/v1/jobs/" + id).json().getBoolean("active")).isTrue();
  }

  @Test
  void delete_isSoftAndPatchActiveTrueRestoresTheJob() {
    String id =
        api.post("/api/v1/jobs", validJob(unique("delete")).encode()).json().getString("id");

    assertThat(api.delete("/api/v1/jobs/" + id).status()).isEqualTo(204);
    JsonObject deleted = api.get("/api/v1/jobs/" + id).json();
    assertThat(deleted.getBoolean("deleted")).isTrue();
    assertThat(deleted.getBoolean("active")).isFalse();
    assertThat(deleted.getValue("nextFireTime")).isNull();
    assertThat(
            api.get("/api/v1/jobs?name=" + deleted.getString("name")).json().getJsonArray("items"))
        .isEmpty();

    JsonObject restored = api.patch("/api/v1/jobs/" + id, "{\"active\": true}").json();
    assertThat(restored.getBoolean("deleted")).isFalse();
    assertThat(restored.getBoolean("active")).isTrue();
    assertThat(restored.getString("nextFireTime")).isNotNull();
  }

  @Test
  void list_pagesWithACursorAndFilters() {
    String prefix = unique("list");
    for (int i = 0; i < 5; i++) {
      JsonObject job = validJob(prefix + "-" + i).put("active", i % 2 == 0);
      assertThat(api.post("/api/v1/jobs", job.encode()).status()).isEqualTo(201);
    }
    Set<String> seen = new HashSet<>();
    String cursor = null;
    int pages = 0;
    do {
      String path =
          "/api/v1/jobs?limit=2&name=" + prefix + (cursor == null ? "" : "&cursor=" + cursor);
      JsonObject page = api.get(path).json();
      page.getJsonArray("items").forEach(item -> seen.add(((JsonObject) item).getString("name")));
      cursor = page.getString("next");
      pages++;
    } while (cursor != null);
    assertThat(seen).hasSize(5);
    assertThat(pages).isEqualTo(3);

    JsonArray paused =
        api.get("/api/v1/jobs?active=false&name=" + prefix).json().getJsonArray("items");
    assertThat(paused).hasSize(2);
  }

  @Test
  void schedule_returnsTheNextFireTimes() {
    JsonObject job =
        validJob(unique("schedule")).put("schedule", "0 0 12 * * *").put("timezone", "UTC");
    String id = api.post("/api/v1/jobs", job.encode()).json().getString("id");

    JsonArray times =
        api.get("/api/v1/jobs/" + id + "/schedule?count=3").json().getJsonArray("fireTimes");
    assertThat(times).hasSize(3);
    Instant first = Instant.parse(times.getString(0));
    assertThat(Instant.parse(times.getString(1))).isEqualTo(first.plusSeconds(86400));
    assertThat(first.toString()).endsWith("T12:00:00Z");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bad cron|{\"schedule\": \"61 * * * * *\"}|schedule",
        "unknown zone|{\"timezone\": \"Mars/Olympus\"}|timezone",
        "bad url|{\"target\": {\"url\": \"ftp://x\"}}|target.url",
        "relative url|{\"target\": {\"url\": \"/hook\"}}|target.url",
        "negative timeout|{\"timeoutMs\": -1}|timeoutMs",
        "bad method|{\"target\": {\"url\": \"http://a\", \"method\": \"BREW\"}}|target.method",
        "bad type|{\"executionType\": \"EXACTLY_ONCE\"}|executionType",
        "missing name|{\"name\": null}|name",
        "name not a string|{\"name\": 7}|name",
        "unknown field|{\"colour\": \"blue\"}|colour",
        "reserved header|{\"target\": {\"url\": \"http://a\", \"headers\": {\"Idempotency-Key\": \"x\"}}}"
            + "|target.headers.Idempotency-Key",
        "bad retry|{\"retry\": {\"maxAttempts\": 0}}|retry.maxAttempts",
        "max below initial|{\"retry\": {\"initialDelayMs\": 5000, \"maxDelayMs\": 10}}|retry.maxDelayMs",
      })
  void create_rejectsInvalidFieldsWith422NamingTheFieldAndStoresNothing(
      String label, String override, String field) {
    JsonObject body = validJob(unique("invalid"));
    new JsonObject(override).forEach(e -> body.put(e.getKey(), e.getValue()));
    long before = jobRows();

    Api.Response response = api.post("/api/v1/jobs", body.encode());

    assertThat(response.status()).isEqualTo(422);
    JsonObject error = response.json().getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("validation_failed");
    assertThat(error.getString("field")).isEqualTo(field);
    assertThat(error.getString("message")).isNotBlank().doesNotContain("Exception");
    assertThat(jobRows()).isEqualTo(before);
  }

  @Test
  void create_rejectsMalformedJsonWith400() {
    Api.Response response = api.post("/api/v1/jobs", "{\"name\": ");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().getJsonObject("error").getString("code"))
        .isEqualTo("malformed_json");
  }

  @Test
  void create_rejectsWrongContentTypeWith415() {
    Api.Response response =
        api.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + engine.port() + "/api/v1/jobs"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(validJob(unique("ct")).encode())));
    assertThat(response.status()).isEqualTo(415);
    assertThat(response.json().getJsonObject("error").getString("code"))
        .isEqualTo("unsupported_media_type");
  }

  @Test
  void create_rejectsOversizedBodiesWith413() {
    JsonObject body = validJob(unique("big"));
    body.getJsonObject("target").put("body", "x".repeat(200_000));
    Api.Response response = api.post("/api/v1/jobs", body.encode());
    assertThat(response.status()).isEqualTo(413);
    assertThat(response.json().getJsonObject("error").getString("code"))
        .isEqualTo("payload_too_large");
  }

  @Test
  void create_rejectsDuplicateNamesWith409() {
    String name = unique("dup");
    assertThat(api.post("/api/v1/jobs", validJob(name).encode()).status()).isEqualTo(201);
    Api.Response again = api.post("/api/v1/jobs", validJob(name).encode());
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().getJsonObject("error").getString("field")).isEqualTo("name");
  }

  @Test
  void unknownIdsAnswer404() {
    String missing = "/api/v1/jobs/" + UUID.randomUUID();
    assertThat(api.get(missing).status()).isEqualTo(404);
    assertThat(api.patch(missing, "{\"active\": false}").status()).isEqualTo(404);
    assertThat(api.delete(missing).status()).isEqualTo(404);
    assertThat(api.get(missing + "/executions").status()).isEqualTo(404);
    assertThat(api.get("/api/v1/jobs/not-a-uuid").json().getJsonObject("error").getString("code"))
        .isEqualTo("not_found");
  }

  @Test
  void healthAndMetricsAreServed() {
    Api.Response health = api.get("/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().getString("status")).isEqualTo("UP");
    assertThat(health.json().getJsonObject("partitions").getInteger("owned")).isEqualTo(4);

    String metrics = api.get("/metrics").body();
    assertThat(metrics)
        .contains(
            "cronwheel_fires_total",
            "cronwheel_fire_drift_ms",
            "cronwheel_jobs_scheduled",
            "cronwheel_requests_inflight",
            "cronwheel_db_batch_seconds",
            "jvm_memory_used_bytes");
  }
}
