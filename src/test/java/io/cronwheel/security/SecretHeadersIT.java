package io.cronwheel.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.Engine;
import io.cronwheel.support.Api;
import io.cronwheel.support.EngineFixture;
import io.cronwheel.support.PostgresFixture;
import io.cronwheel.support.RecordingReceiver;
import io.cronwheel.support.RecordingReceiver.Received;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Secret header values against a real engine, PostgreSQL and receiver: every answer masks them, a
 * PATCH sending the mask back keeps them, the row holds them encrypted under {@code
 * CRONWHEEL_SECRET_KEY}, and the receiver gets the plain values. An engine started with another key
 * holds the job unschedulable instead of failing.
 */
class SecretHeadersIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static PgConnectOptions db;
  private static Engine engine;
  private static Api api;
  private static RecordingReceiver receiver;

  private static String newKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  @BeforeAll
  static void start() {
    db = PostgresFixture.get().newDatabase();
    engine = EngineFixture.start(db, Map.of("CRONWHEEL_SECRET_KEY", newKey()));
    api = new Api(engine.port());
    receiver = RecordingReceiver.start();
  }

  @AfterAll
  static void stop() {
    engine.stop().await();
    receiver.close();
  }

  private static JsonObject job(String path) {
    return new JsonObject()
        .put("name", "secret-" + UUID.randomUUID())
        .put("schedule", "0 0 0 1 1 *")
        .put("active", false)
        .put(
            "target",
            new JsonObject()
                .put("url", receiver.url(path))
                .put(
                    "headers",
                    new JsonObject()
                        .put("Authorization", "Bearer t0ken")
                        .put("X-Api-Key", "k3y-1")
                        .put("X-Team", "ops"))
                .put("secretHeaders", new JsonArray().add("x-api-key")));
  }

  private static void assertMasked(JsonObject job) {
    JsonObject headers = job.getJsonObject("target").getJsonObject("headers");
    assertThat(headers.getString("Authorization")).isEqualTo("****");
    assertThat(headers.getString("X-Api-Key")).isEqualTo("****");
    assertThat(headers.getString("X-Team")).isEqualTo("ops");
    assertThat(job.encode()).doesNotContain("t0ken").doesNotContain("k3y");
  }

  private static Received fire(String id, String path) {
    int before = receiver.received(r -> r.path().equals(path)).size();
    assertThat(api.post("/api/v1/jobs/" + id + "/trigger", "").status()).isEqualTo(202);
    return receiver.awaitCount(r -> r.path().equals(path), before + 1, WAIT).get(before);
  }

  private static String storedHeader(String id, String name) {
    return PostgresFixture.get()
        .queryString(
            db, "SELECT target->'headers'->>'" + name + "' FROM jobs WHERE id = '" + id + "'");
  }

  @Test
  void everyAnswerMasksSecretValuesAndTheReceiverGetsThemPlain() {
    Api.Response created = api.post("/api/v1/jobs", job("/plain").encode());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().getString("id");
    assertMasked(created.json());
    assertMasked(api.get("/api/v1/jobs/" + id).json());
    assertThat(created.json().getJsonObject("target").getJsonArray("secretHeaders"))
        .containsExactly("x-api-key");
    JsonArray listed = api.get("/api/v1/jobs?limit=1000").json().getJsonArray("items");
    listed.forEach(item -> assertMasked((JsonObject) item));
    Api.Response bulk =
        api.post(
            "/api/v1/jobs/bulk",
            new JsonObject().put("jobs", new JsonArray().add(job("/bulk"))).encode());
    assertMasked(bulk.json().getJsonArray("items").getJsonObject(0).getJsonObject("job"));

    assertThat(storedHeader(id, "Authorization")).startsWith("enc:v1:").doesNotContain("t0ken");
    assertThat(storedHeader(id, "X-Api-Key")).startsWith("enc:v1:");
    assertThat(storedHeader(id, "X-Team")).isEqualTo("ops");

    Received got = fire(id, "/plain");
    assertThat(got.header("Authorization")).isEqualTo("Bearer t0ken");
    assertThat(got.header("X-Api-Key")).isEqualTo("k3y-1");
    assertThat(got.header("X-Team")).isEqualTo("ops");
  }

  @Test
  void patch_sendingTheMaskBackKeepsTheValueAndOtherValuesReplaceIt() {
    String id = api.post("/api/v1/jobs", job("/patch").encode()).json().getString("id");
    JsonObject asRead = api.get("/api/v1/jobs/" + id).json();
    JsonObject target = asRead.getJsonObject("target");
    target.getJsonObject("headers").put("X-Api-Key", "k3y-2");
    Api.Response patched =
        api.patch("/api/v1/jobs/" + id, new JsonObject().put("target", target).encode());
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertMasked(patched.json());
    assertThat(patched.json().getLong("version")).isEqualTo(2L);

    Received got = fire(id, "/patch");
    assertThat(got.header("Authorization")).as("sent back as ****: kept").isEqualTo("Bearer t0ken");
    assertThat(got.header("X-Api-Key")).as("replaced").isEqualTo("k3y-2");

    Api.Response renamed =
        api.patch("/api/v1/jobs/" + id, new JsonObject().put("timeoutMs", 5000).encode());
    assertThat(renamed.status()).isEqualTo(200);
    assertThat(fire(id, "/patch").header("Authorization")).isEqualTo("Bearer t0ken");
    assertThat(storedHeader(id, "Authorization")).startsWith("enc:v1:");
  }

  @Test
  void secretHeaders_mustNameTheJobsOwnHeaders() {
    JsonObject definition = job("/bad");
    definition.getJsonObject("target").put("secretHeaders", new JsonArray().add("X-Missing"));
    Api.Response answer = api.post("/api/v1/jobs", definition.encode());
    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.json().getJsonObject("error").getString("field"))
        .isEqualTo("target.secretHeaders");
  }

  @Test
  void anEngineWithAnotherKeyHoldsTheJobUnschedulableAndStillStarts() {
    JsonObject definition = job("/other-key").put("active", true).put("schedule", "* * * * * *");
    String id = api.post("/api/v1/jobs", definition.encode()).json().getString("id");
    receiver.awaitCount(r -> r.path().equals("/other-key"), 1, WAIT);
    engine.stop().await();

    Engine other = EngineFixture.start(db, Map.of("CRONWHEEL_SECRET_KEY", newKey()));
    try {
      Api otherApi = new Api(other.port());
      JsonObject job = otherApi.get("/api/v1/jobs/" + id).json();
      assertThat(job.getBoolean("schedulable")).isFalse();
      assertThat(job.getString("unschedulableReason")).contains("CRONWHEEL_SECRET_KEY");
      assertMasked(job);
      assertThat(
              otherApi
                  .get("/health")
                  .json()
                  .getJsonObject("unschedulableJobs")
                  .getJsonArray("some"))
          .contains(id);
      Api.Response fixed =
          otherApi.patch(
              "/api/v1/jobs/" + id,
              new JsonObject()
                  .put(
                      "target",
                      new JsonObject()
                          .put(
                              "headers",
                              new JsonObject()
                                  .put("Authorization", "Bearer n3w")
                                  .put("X-Api-Key", "k3y-3")
                                  .put("X-Team", "ops")))
                  .encode());
      assertThat(fixed.status()).as(fixed.body()).isEqualTo(200);
      assertThat(fixed.json().getBoolean("schedulable")).isTrue();
      Received got =
          receiver
              .awaitCount(
                  r ->
                      r.path().equals("/other-key")
                          && "Bearer n3w".equals(r.header("Authorization")),
                  1,
                  WAIT)
              .get(0);
      assertThat(got.header("X-Api-Key")).isEqualTo("k3y-3");
      assertThat(receiver.received(r -> r.path().equals("/other-key")))
          .as("the sealed value was never sent in its place")
          .noneMatch(r -> r.header("Authorization").startsWith("enc:"));
    } finally {
      other.stop().await();
      engine = EngineFixture.start(db, Map.of("CRONWHEEL_SECRET_KEY", newKey()));
      api = new Api(engine.port());
    }
  }
}
