package io.cronwheel.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.Engine;
import io.cronwheel.support.Api;
import io.cronwheel.support.EngineFixture;
import io.cronwheel.support.PostgresFixture;
import io.cronwheel.support.RecordingReceiver;
import io.cronwheel.support.Waits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The target policy against a real engine, a real PostgreSQL and a real receiver: refused targets
 * at create and change time (422 naming the field), and at send time, where a job stored while its
 * host was allowed is recorded FAILED with the reason and nothing reaches the receiver.
 */
class TargetPolicyIT {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Map<String, String> DENY_LOOPBACK =
      Map.of("CRONWHEEL_TARGET_DENY", "127.0.0.0/8,::1/128");

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
    if (engine != null) {
      engine.stop().await();
    }
    receiver.close();
  }

  private static JsonObject job(String url) {
    return new JsonObject()
        .put("name", "policy-" + UUID.randomUUID())
        .put("schedule", "0 0 0 1 1 *")
        .put("target", new JsonObject().put("url", url))
        .put("retry", new JsonObject().put("maxAttempts", 1));
  }

  private static long jobRows() {
    return PostgresFixture.get().queryLong(db, "SELECT count(*) FROM jobs");
  }

  private static void assertRefused(Api.Response answer, String field, String reason) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(422);
    JsonObject error = answer.json().getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("target_refused");
    assertThat(error.getString("field")).isEqualTo(field);
    assertThat(error.getString("message")).contains(reason);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/",
        "http://[fe80::1]:8080/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "https://0.0.0.0/"
      })
  void create_refusesMetadataAndLinkLocalTargetsNamingTargetUrl(String url) {
    long before = jobRows();
    Api.Response answer = api.post("/api/v1/jobs", job(url).encode());
    assertRefused(answer, "target.url", "target policy denies");
    assertThat(jobRows()).isEqualTo(before);
  }

  @Test
  void create_namesTheDeniedAddressInsideAnIpv4MappedLiteral() {
    Api.Response answer =
        api.post("/api/v1/jobs", job("http://[::ffff:169.254.169.254]/").encode());
    assertRefused(answer, "target.url", "169.254.169.254 is in 169.254.0.0/16");
  }

  @Test
  void create_refusesADeniedAlertWebhook() {
    JsonObject definition =
        job(receiver.url("/ok")).put("alertWebhook", "http://169.254.169.254/hook");
    assertRefused(api.post("/api/v1/jobs", definition.encode()), "alertWebhook", "169.254.169.254");
  }

  @Test
  void patch_refusesANewDeniedUrlAndKeepsTheJob() {
    Api.Response created = api.post("/api/v1/jobs", job(receiver.url("/patch")).encode());
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().getString("id");
    Api.Response patched =
        api.patch(
            "/api/v1/jobs/" + id,
            new JsonObject()
                .put("target", new JsonObject().put("url", "http://169.254.169.254/"))
                .encode());
    assertRefused(patched, "target.url", "169.254.169.254");
    Api.Response webhook =
        api.patch(
            "/api/v1/jobs/" + id,
            new JsonObject().put("alertWebhook", "http://[fd00:ec2::254]/").encode());
    assertRefused(webhook, "alertWebhook", "cloud metadata");
    JsonObject stored = api.get("/api/v1/jobs/" + id).json();
    assertThat(stored.getLong("version")).isEqualTo(1L);
    assertThat(stored.getJsonObject("target").getString("url")).isEqualTo(receiver.url("/patch"));
  }

  @Test
  void bulk_refusesOnlyTheDeniedItem() {
    JsonArray jobs =
        new JsonArray()
            .add(job(receiver.url("/bulk-a")))
            .add(job("http://[::ffff:a9fe:a9fe]/"))
            .add(job(receiver.url("/bulk-b")));
    Api.Response answer =
        api.post("/api/v1/jobs/bulk", new JsonObject().put("jobs", jobs).encode());
    assertThat(answer.status()).isEqualTo(200);
    JsonArray items = answer.json().getJsonArray("items");
    assertThat(items.getJsonObject(0).getInteger("status")).isEqualTo(201);
    assertThat(items.getJsonObject(1).getInteger("status")).isEqualTo(422);
    JsonObject error = items.getJsonObject(1).getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("target_refused");
    assertThat(error.getString("field")).isEqualTo("target.url");
    assertThat(items.getJsonObject(2).getInteger("status")).isEqualTo(201);
  }

  @Test
  void anAllowedNameIsSentToItsVettedAddressWithItsOwnHostHeader() {
    String url = receiver.url("/vetted").replace("127.0.0.1", "localhost");
    String id = created(job(url).put("active", false));
    assertThat(api.post("/api/v1/jobs/" + id + "/trigger", "").status()).isEqualTo(202);
    RecordingReceiver.Received got =
        receiver.awaitCount(r -> r.path().equals("/vetted"), 1, WAIT).get(0);
    assertThat(got.header("Host")).isEqualTo(URI.create(url).getAuthority());
  }

  @Test
  void create_acceptsANameThatDoesNotResolveYet() {
    Api.Response answer =
        api.post("/api/v1/jobs", job("http://not-yet.cronwheel.invalid/hook").encode());
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
  }

  /**
   * One engine refuses loopback: a name resolving to it is refused at create time, and jobs stored
   * by an engine that allowed it (a host name and an IP literal) are refused at send time.
   */
  @Test
  void denyLoopback_refusesANameThatResolvesToItAtCreateAndEverySend() {
    String byName = receiver.url("/by-name").replace("127.0.0.1", "localhost");
    String byLiteral = receiver.url("/by-literal");
    String nameJob = created(job(byName).put("active", false));
    String literalJob = created(job(byLiteral).put("active", false));
    engine.stop().await();
    engine = null;

    Engine denying = EngineFixture.start(db, DENY_LOOPBACK);
    try {
      Api strict = new Api(denying.port());
      assertRefused(
          strict.post("/api/v1/jobs", job(byName).encode()),
          "target.url",
          "localhost resolves to 127.0.0.1, in 127.0.0.0/8, which the target policy denies");
      assertRefused(
          strict.post("/api/v1/jobs", job(byLiteral).encode()),
          "target.url",
          "127.0.0.1 is in 127.0.0.0/8, which the target policy denies (CRONWHEEL_TARGET_DENY)");

      for (String id : new String[] {nameJob, literalJob}) {
        Api.Response resumed =
            strict.patch("/api/v1/jobs/" + id, new JsonObject().put("active", true).encode());
        assertThat(resumed.status())
            .as("a change that keeps the URL is not screened: " + resumed.body())
            .isEqualTo(200);
        assertThat(strict.post("/api/v1/jobs/" + id + "/trigger", "").status()).isEqualTo(202);
      }
      for (String id : new String[] {nameJob, literalJob}) {
        Waits.until(
            () ->
                history(strict, id).size() == 1
                    && !history(strict, id).getJsonObject(0).getString("status").equals("RUNNING")
                    && !history(strict, id).getJsonObject(0).getString("status").equals("CLAIMED"),
            WAIT,
            () -> "the refused execution of " + id + " is recorded: " + history(strict, id));
        JsonObject execution = history(strict, id).getJsonObject(0);
        assertThat(execution.getString("status")).isEqualTo("FAILED");
        assertThat(execution.getString("error"))
            .startsWith("target refused by policy: ")
            .contains("127.0.0.1")
            .contains("in 127.0.0.0/8, which the target policy denies");
        assertThat(execution.getValue("httpStatus")).isNull();
      }
      assertThat(history(strict, nameJob).getJsonObject(0).getString("error"))
          .contains("localhost resolves to 127.0.0.1");
      assertThat(receiver.received(r -> r.path().startsWith("/by-"))).isEmpty();
    } finally {
      denying.stop().await();
      engine = EngineFixture.start(db);
      api = new Api(engine.port());
    }
  }

  private static String created(JsonObject definition) {
    Api.Response answer = api.post("/api/v1/jobs", definition.encode());
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return answer.json().getString("id");
  }

  private static JsonArray history(Api over, String id) {
    return over.get("/api/v1/jobs/" + id + "/executions").json().getJsonArray("items");
  }
}
