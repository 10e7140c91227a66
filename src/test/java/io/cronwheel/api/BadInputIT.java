package io.cronwheel.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.Engine;
import io.cronwheel.support.Api;
import io.cronwheel.support.EngineFixture;
import io.cronwheel.support.PostgresFixture;
import io.cronwheel.support.RecordingReceiver;
import io.cronwheel.support.RecordingReceiver.Received;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input against a real engine and a real PostgreSQL: every bad value is answered with a 422
 * naming its field, nothing is stored or changed, and the jobs already running keep firing.
 */
class BadInputIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static PgConnectOptions db;
  private static Engine engine;
  private static Api api;
  private static RecordingReceiver receiver;
  private static String canaryId;
  private static String patchedId;

  @BeforeAll
  static void start() {
    db = PostgresFixture.get().newDatabase();
    engine = EngineFixture.start(db);
    api = new Api(engine.port());
    receiver = RecordingReceiver.start();
    canaryId = create(validJob("canary").put("schedule", "* * * * * *"));
    patchedId = create(validJob("patched"));
  }

  @AfterAll
  static void stop() {
    engine.stop().await();
    receiver.close();
  }

  private static JsonObject validJob(String prefix) {
    return new JsonObject()
        .put("name", prefix + "-" + UUID.randomUUID())
        .put("schedule", "0 0 12 * * *")
        .put("target", new JsonObject().put("url", receiver.url("/" + prefix)));
  }

  private static String create(JsonObject job) {
    Api.Response created = api.post("/api/v1/jobs", job.encode());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().getString("id");
  }

  private static long jobRows() {
    return PostgresFixture.get().queryLong(db, "SELECT count(*) FROM jobs");
  }

  private static boolean isCanary(Received r) {
    return canaryId.equals(r.header("X-Cronwheel-Job-Id"));
  }

  private static JsonObject headers(String name, String value) {
    return new JsonObject().put("headers", new JsonObject().put(name, value));
  }

  private static JsonObject body(Object body) {
    return new JsonObject().put("body", body);
  }

  /** A label, the fields to set on a valid job (target fields merge into its target), the field. */
  static Stream<Arguments> badInputs() {
    return Stream.of(
        Arguments.of("NUL in name", new JsonObject().put("name", "a\u0000b"), "name"),
        Arguments.of("BEL in name", new JsonObject().put("name", "a\u0007b"), "name"),
        Arguments.of("newline in name", new JsonObject().put("name", "a\nb"), "name"),
        Arguments.of("leading NUL in name", new JsonObject().put("name", "\u0000ab"), "name"),
        Arguments.of("C1 control in name", new JsonObject().put("name", "a\u0085b"), "name"),
        Arguments.of("lone surrogate in name", new JsonObject().put("name", "a\ud800b"), "name"),
        Arguments.of(
            "NUL in schedule", new JsonObject().put("schedule", "0 0 12 * * *\u0000"), "schedule"),
        Arguments.of(
            "NUL in timezone", new JsonObject().put("timezone", "Europe/Paris\u0000"), "timezone"),
        Arguments.of(
            "NUL in url",
            new JsonObject().put("target", new JsonObject().put("url", "http://127.0.0.1/a\u0000")),
            "target.url"),
        Arguments.of(
            "NUL in method",
            new JsonObject().put("target", new JsonObject().put("method", "PO\u0000ST")),
            "target.method"),
        Arguments.of(
            "NUL in alertWebhook",
            new JsonObject().put("alertWebhook", "http://127.0.0.1/a\u0000"),
            "alertWebhook"),
        Arguments.of(
            "NUL in header value",
            new JsonObject().put("target", headers("X-Test", "a\u0000b")),
            "target.headers.X-Test"),
        Arguments.of(
            "control in header value",
            new JsonObject().put("target", headers("X-Test", "a\u0001b")),
            "target.headers.X-Test"),
        Arguments.of(
            "DEL in header value",
            new JsonObject().put("target", headers("X-Test", "a\u007fb")),
            "target.headers.X-Test"),
        Arguments.of(
            "CR LF in header value",
            new JsonObject().put("target", headers("X-Test", "a\r\nHost: evil")),
            "target.headers.X-Test"),
        Arguments.of(
            "char a client would truncate into LF",
            new JsonObject().put("target", headers("X-Test", "a\u010ab")),
            "target.headers.X-Test"),
        Arguments.of(
            "NUL in header name",
            new JsonObject().put("target", headers("X-\u0000", "v")),
            "target.headers.X-\u0000"),
        Arguments.of(
            "space in header name",
            new JsonObject().put("target", headers("X Test", "v")),
            "target.headers.X Test"),
        Arguments.of(
            "Content-Length",
            new JsonObject().put("target", headers("Content-Length", "0")),
            "target.headers.Content-Length"),
        Arguments.of(
            "transfer-encoding in lower case",
            new JsonObject().put("target", headers("transfer-encoding", "chunked")),
            "target.headers.transfer-encoding"),
        Arguments.of(
            "Host",
            new JsonObject().put("target", headers("HOST", "other.example")),
            "target.headers.HOST"),
        Arguments.of(
            "Connection",
            new JsonObject().put("target", headers("Connection", "close")),
            "target.headers.Connection"),
        Arguments.of(
            "Upgrade",
            new JsonObject().put("target", headers("Upgrade", "h2c")),
            "target.headers.Upgrade"),
        Arguments.of(
            "Expect",
            new JsonObject().put("target", headers("Expect", "100-continue")),
            "target.headers.Expect"),
        Arguments.of(
            "engine header",
            new JsonObject().put("target", headers("x-cronwheel-attempt", "9")),
            "target.headers.x-cronwheel-attempt"),
        Arguments.of(
            "the same header twice",
            new JsonObject()
                .put(
                    "target",
                    new JsonObject()
                        .put("headers", new JsonObject().put("X-Twice", "1").put("x-twice", "2"))),
            "target.headers.x-twice"),
        Arguments.of(
            "headers over 8 KiB",
            new JsonObject().put("target", headers("X-Big", "v".repeat(9000))),
            "target.headers"),
        Arguments.of(
            "NUL in a body string",
            new JsonObject().put("target", body(new JsonObject().put("a", "x\u0000y"))),
            "target.body"),
        Arguments.of(
            "NUL in a body key",
            new JsonObject().put("target", body(new JsonObject().put("a\u0000", 1))),
            "target.body"),
        Arguments.of(
            "NUL in a text body", new JsonObject().put("target", body("x\u0000")), "target.body"),
        Arguments.of(
            "lone surrogate in a body",
            new JsonObject().put("target", body("x\udc00")),
            "target.body"),
        Arguments.of(
            "body over 16 KiB",
            new JsonObject().put("target", body("x".repeat(20_000))),
            "target.body"));
  }

  private static JsonObject merged(JsonObject base, JsonObject override) {
    JsonObject job = base.copy();
    override.forEach(
        e -> {
          if (e.getKey().equals("target")) {
            ((JsonObject) e.getValue())
                .forEach(t -> job.getJsonObject("target").put(t.getKey(), t.getValue()));
          } else {
            job.put(e.getKey(), e.getValue());
          }
        });
    return job;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void create_rejectsBadInputWith422NamingTheFieldAndStoresNothing(
      String label, JsonObject override, String field) {
    long before = jobRows();

    Api.Response response = api.post("/api/v1/jobs", wire(merged(validJob("bad"), override)));

    assertValidationError(response, field);
    assertThat(jobRows()).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void patch_rejectsBadInputWith422NamingTheFieldAndChangesNothing(
      String label, JsonObject override, String field) {
    JsonObject stored = api.get("/api/v1/jobs/" + patchedId).json();

    Api.Response response = api.patch("/api/v1/jobs/" + patchedId, wire(override));

    assertValidationError(response, field);
    JsonObject after = api.get("/api/v1/jobs/" + patchedId).json();
    assertThat(after.getLong("version")).isEqualTo(stored.getLong("version"));
    assertThat(after.getJsonObject("target")).isEqualTo(stored.getJsonObject("target"));
    assertThat(after.getString("name")).isEqualTo(stored.getString("name"));
  }

  /**
   * The JSON text as a client would send it: surrogates as escapes, since a lone one cannot be
   * written as UTF-8 (the client would send {@code ?} instead).
   */
  private static String wire(JsonObject json) {
    String text = json.encode();
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static void assertValidationError(Api.Response response, String field) {
    assertThat(response.status()).as(response.body()).isEqualTo(422);
    JsonObject error = response.json().getJsonObject("error");
    assertThat(error.getString("code")).isEqualTo("validation_failed");
    assertThat(error.getString("field")).isEqualTo(field);
    assertThat(error.getString("message")).isNotBlank();
  }

  @Test
  void create_rejectsABodyNumberThatOverflowsRatherThanStoreItChanged() {
    String job = validJob("overflow").encode();
    String withBody = job.substring(0, job.length() - 2) + ", \"body\": {\"n\": 1e400}}}";
    long before = jobRows();

    Api.Response response = api.post("/api/v1/jobs", withBody);

    assertValidationError(response, "target.body");
    assertThat(jobRows()).isEqualTo(before);
  }

  @Test
  void list_rejectsANulInTheNameFilterWith400() {
    Api.Response response = api.get("/api/v1/jobs?name=a%00b");

    assertThat(response.status()).as(response.body()).isEqualTo(400);
    assertThat(response.json().getJsonObject("error").getString("field")).isEqualTo("name");
  }

  /**
   * The attack the framing rules stop: a body that is a whole second request, behind a
   * Content-Length that ends the first one before it. On a keep-alive connection the receiver would
   * take the rest as a request of its own.
   */
  @Test
  void aJobCannotSmuggleARequestOntoASharedConnection() {
    JsonObject job = validJob("smuggler").put("schedule", "* * * * * *");
    job.getJsonObject("target")
        .put("headers", new JsonObject().put("Content-Length", "0"))
        .put("body", "GET /smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    Api.Response response = api.post("/api/v1/jobs", job.encode());
    int canaryBefore = receiver.received(BadInputIT::isCanary).size();

    receiver.awaitCount(BadInputIT::isCanary, canaryBefore + 3, WAIT);
    if (response.status() == 201) {
      api.patch("/api/v1/jobs/" + response.json().getString("id"), "{\"active\": false}");
    }

    assertThat(receiver.received(r -> r.path().equals("/smuggled"))).isEmpty();
    assertValidationError(response, "target.headers.Content-Length");
  }

  @Test
  void aStormOfBadInputIsAnsweredWith422AndOtherJobsKeepFiring() {
    receiver.awaitCount(BadInputIT::isCanary, 1, WAIT);
    List<String> answers = new ArrayList<>();
    for (Arguments bad : badInputs().toList()) {
      JsonObject override = (JsonObject) bad.get()[1];
      answers.add(
          bad.get()[0]
              + ": POST "
              + api.post("/api/v1/jobs", wire(merged(validJob("storm"), override))).status()
              + ", PATCH "
              + api.patch("/api/v1/jobs/" + patchedId, wire(override)).status());
    }
    int afterStorm = receiver.received(BadInputIT::isCanary).size();

    List<Received> got = receiver.awaitCount(BadInputIT::isCanary, afterStorm + 3, WAIT);

    assertThat(answers).allMatch(a -> a.endsWith("POST 422, PATCH 422"));
    assertThat(got.stream().map(r -> r.header("X-Cronwheel-Scheduled-At"))).doesNotHaveDuplicates();
    assertThat(api.get("/health").json().getString("status")).isEqualTo("UP");
  }
}
