package io.cronwheel.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.Engine;
import io.cronwheel.support.Api;
import io.cronwheel.support.EngineFixture;
import io.cronwheel.support.PostgresFixture;
import io.cronwheel.support.RecordingReceiver;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /api/v1/jobs/bulk} against a real engine and PostgreSQL: one answer item per job in
 * request order, valid jobs stored and scheduled even when others are refused, and a malformed
 * envelope refused whole with nothing stored.
 */
class BulkCreateIT {
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

  private static JsonObject job(String name, String url) {
    return new JsonObject()
        .put("name", name)
        .put("schedule", "* * * * * *")
        .put("target", new JsonObject().put("url", url));
  }

  private static long jobRows() {
    return PostgresFixture.get().queryLong(db, "SELECT count(*) FROM jobs");
  }

  @Test
  void mixedItems_answerInOrderStoreTheValidOnesAndTheyFire() throws Exception {
    String prefix = "bulk-" + UUID.randomUUID();
    api.post("/api/v1/jobs", job(prefix + "-taken", "http://127.0.0.1:9/x").encode());
    try (RecordingReceiver receiver = RecordingReceiver.start()) {
      JsonArray jobs =
          new JsonArray()
              .add(job(prefix + "-a", receiver.url("/a")))
              .add(job(prefix + "-b", receiver.url("/b")).put("schedule", "not cron"))
              .add("not an object")
              .add(job(prefix + "-taken", receiver.url("/taken")))
              .add(job(prefix + "-c", receiver.url("/c")))
              .add(job(prefix + "-c", receiver.url("/c-again")))
              .add(job(prefix + "-d", receiver.url("/d")).put("colour", "blue"));
      long before = jobRows();

      Api.Response response =
          api.post("/api/v1/jobs/bulk", new JsonObject().put("jobs", jobs).encode());

      assertThat(response.status()).as(response.body()).isEqualTo(200);
      JsonArray items = response.json().getJsonArray("items");
      assertThat(items).hasSize(7);
      JsonObject a = items.getJsonObject(0);
      assertThat(a.getInteger("status")).isEqualTo(201);
      assertThat(a.getJsonObject("job").getString("name")).isEqualTo(prefix + "-a");
      assertThat(a.getJsonObject("job").getString("nextFireTime")).isNotNull();
      JsonObject b = items.getJsonObject(1);
      assertThat(b.getInteger("status")).isEqualTo(422);
      assertThat(b.getJsonObject("error").getString("field")).isEqualTo("schedule");
      assertThat(items.getJsonObject(2).getInteger("status")).isEqualTo(400);
      JsonObject taken = items.getJsonObject(3);
      assertThat(taken.getInteger("status")).isEqualTo(409);
      assertThat(taken.getJsonObject("error").getString("code")).isEqualTo("duplicate_name");
      assertThat(items.getJsonObject(4).getInteger("status")).isEqualTo(201);
      assertThat(items.getJsonObject(5).getInteger("status"))
          .as("the same name twice in one request")
          .isEqualTo(409);
      JsonObject d = items.getJsonObject(6);
      assertThat(d.getInteger("status")).isEqualTo(422);
      assertThat(d.getJsonObject("error").getString("field")).isEqualTo("colour");
      assertThat(jobRows()).isEqualTo(before + 2);

      // The same error shape as a single create.
      Api.Response single =
          api.post(
              "/api/v1/jobs",
              job(prefix + "-b", receiver.url("/b")).put("schedule", "not cron").encode());
      assertThat(b.getJsonObject("error")).isEqualTo(single.json().getJsonObject("error"));

      receiver.awaitCount(r -> r.path().equals("/a"), 2, Duration.ofSeconds(10));
      receiver.awaitCount(r -> r.path().equals("/c"), 2, Duration.ofSeconds(10));
      String id = a.getJsonObject("job").getString("id");
      assertThat(api.get("/api/v1/jobs/" + id).status()).isEqualTo(200);
    }
  }

  @Test
  void aThousandJobsInOneRequestAreStored() {
    String prefix = "many-" + UUID.randomUUID();
    JsonArray jobs = new JsonArray();
    for (int i = 0; i < JobRoutes.MAX_BULK_JOBS; i++) {
      jobs.add(job(prefix + "-" + i, "http://127.0.0.1:9/hook").put("active", false));
    }
    long before = jobRows();

    Api.Response response =
        api.post("/api/v1/jobs/bulk", new JsonObject().put("jobs", jobs).encode());

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonArray items = response.json().getJsonArray("items");
    assertThat(items).hasSize(JobRoutes.MAX_BULK_JOBS);
    for (int i = 0; i < items.size(); i++) {
      assertThat(items.getJsonObject(i).getInteger("status")).isEqualTo(201);
      assertThat(items.getJsonObject(i).getJsonObject("job").getString("name"))
          .isEqualTo(prefix + "-" + i);
    }
    assertThat(jobRows()).isEqualTo(before + JobRoutes.MAX_BULK_JOBS);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{}",
        "{\"jobs\": {}}",
        "{\"jobs\": []}",
        "{\"jobs\": [], \"extra\": 1}",
        "[]",
        "{\"jobs\": [",
      })
  void aMalformedEnvelope_isA400AndStoresNothing(String body) {
    long before = jobRows();

    Api.Response response = api.post("/api/v1/jobs/bulk", body);

    assertThat(response.status()).as(response.body()).isEqualTo(400);
    assertThat(response.json().getJsonObject("error").getString("message")).isNotBlank();
    assertThat(jobRows()).isEqualTo(before);
  }

  @Test
  void moreThanAThousandJobs_isA400AndStoresNothing() {
    JsonArray jobs = new JsonArray();
    for (int i = 0; i <= JobRoutes.MAX_BULK_JOBS; i++) {
      jobs.add(job("too-many-" + UUID.randomUUID(), "http://127.0.0.1:9/hook"));
    }
    long before = jobRows();

    Api.Response response =
        api.post("/api/v1/jobs/bulk", new JsonObject().put("jobs", jobs).encode());

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().getJsonObject("error").getString("field")).isEqualTo("jobs");
    assertThat(jobRows()).isEqualTo(before);
  }
}
