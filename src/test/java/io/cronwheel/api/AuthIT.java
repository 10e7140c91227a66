package io.cronwheel.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.Engine;
import io.cronwheel.config.AuthConfig;
import io.cronwheel.support.Api;
import io.cronwheel.support.EngineFixture;
import io.cronwheel.support.PostgresFixture;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Authentication and roles against a real engine: every endpoint with no token, a read, a write and
 * an admin token; revocation seen at once by another node; token minting; the audit trail.
 */
class AuthIT {
  private static final String UNKNOWN_JOB = "/api/v1/jobs/" + UUID.randomUUID();

  private static PgConnectOptions db;
  private static Engine engine;
  private static Api admin;
  private static Api reader;
  private static Api writer;

  @BeforeAll
  static void start() {
    db = PostgresFixture.get().newDatabase();
    engine = EngineFixture.start(db);
    admin = new Api(engine.port());
    reader = admin.as(mint("reader", "read"));
    writer = admin.as(mint("writer", "write"));
  }

  @AfterAll
  static void stop() {
    engine.stop().await();
  }

  private static String mint(String name, String role) {
    Api.Response created =
        admin.post("/api/v1/tokens", new JsonObject().put("name", name).put("role", role).encode());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().getString("token");
  }

  /** An endpoint, the role it needs (null: open) and a request to it. */
  record Endpoint(String method, String path, String body, String needs) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  static Stream<Endpoint> endpoints() {
    String job =
        new JsonObject()
            .put("name", "matrix-" + UUID.randomUUID())
            .put("schedule", "0 0 0 1 1 *")
            .put("target", new JsonObject().put("url", "http://127.0.0.1:9/x"))
            .encode();
    String bulk = new JsonObject().put("jobs", new JsonArray().add(new JsonObject(job))).encode();
    return Stream.of(
        new Endpoint("GET", "/api/v1/jobs", null, "read"),
        new Endpoint("POST", "/api/v1/jobs", job, "write"),
        new Endpoint("POST", "/api/v1/jobs/bulk", bulk, "write"),
        new Endpoint("GET", UNKNOWN_JOB, null, "read"),
        new Endpoint("PATCH", UNKNOWN_JOB, "{\"active\": false}", "write"),
        new Endpoint("DELETE", UNKNOWN_JOB, null, "write"),
        new Endpoint("GET", UNKNOWN_JOB + "/schedule", null, "read"),
        new Endpoint("POST", UNKNOWN_JOB + "/trigger", "{}", "write"),
        new Endpoint("GET", UNKNOWN_JOB + "/executions", null, "read"),
        new Endpoint("GET", "/api/v1/executions", null, "read"),
        new Endpoint("GET", "/api/v1/executions/rejects", null, "read"),
        new Endpoint("GET", "/api/v1/config", null, "read"),
        new Endpoint("PUT", "/api/v1/config", "{}", "admin"),
        new Endpoint("GET", "/api/v1/cluster", null, "read"),
        new Endpoint("GET", "/api/v1/alerts", null, "read"),
        new Endpoint("GET", "/api/v1/whoami", null, "read"),
        new Endpoint("GET", "/api/v1/tokens", null, "admin"),
        new Endpoint("POST", "/api/v1/tokens", "{\"name\": \"\", \"role\": \"read\"}", "admin"),
        new Endpoint("DELETE", "/api/v1/tokens/no-such-token", null, "admin"),
        new Endpoint("GET", "/api/v1/audit", null, "admin"),
        new Endpoint("GET", "/health", null, null),
        new Endpoint("GET", "/health/live", null, null),
        new Endpoint("GET", "/health/ready", null, null),
        new Endpoint("GET", "/metrics", null, null));
  }

  private static Api.Response call(Api api, Endpoint endpoint) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + engine.port() + endpoint.path()));
    if (endpoint.body() == null) {
      request.method(endpoint.method(), HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(endpoint.method(), HttpRequest.BodyPublishers.ofString(endpoint.body()));
    }
    return api.send(request);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("endpoints")
  void eachRoleGetsExactlyWhatItMay(Endpoint endpoint) {
    Map<String, Api> callers = Map.of("read", reader, "write", writer, "admin", admin);
    List<String> order = List.of("read", "write", "admin");
    Api.Response anonymous = call(admin.anonymous(), endpoint);
    if (endpoint.needs() == null) {
      assertThat(anonymous.status()).as(anonymous.body()).isEqualTo(200);
      return;
    }
    assertThat(anonymous.status()).as(anonymous.body()).isEqualTo(401);
    assertThat(anonymous.json().getJsonObject("error").getString("code")).isEqualTo("unauthorized");
    assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
    List<String> failures = new ArrayList<>();
    for (String role : order) {
      Api.Response response = call(callers.get(role), endpoint);
      boolean allowed = order.indexOf(role) >= order.indexOf(endpoint.needs());
      if (allowed && (response.status() == 401 || response.status() == 403)) {
        failures.add(role + " was refused: " + response.status() + " " + response.body());
      } else if (!allowed) {
        if (response.status() != 403) {
          failures.add(role + " got " + response.status() + " instead of 403: " + response.body());
        } else {
          JsonObject error = response.json().getJsonObject("error");
          assertThat(error.getString("code")).isEqualTo("forbidden");
          assertThat(error.getString("message"))
              .contains("needs the " + endpoint.needs() + " role");
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @ParameterizedTest(name = "Authorization: {0}")
  @ValueSource(
      strings = {"Bearer", "Bearer    ", "Basic YWRtaW46YWRtaW4=", "Bearer cwt_not-a-token"})
  void malformedOrUnknownTokensAre401(String header) {
    Api.Response response =
        admin
            .anonymous()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + engine.port() + "/api/v1/jobs"))
                    .header("Authorization", header)
                    .GET());
    assertThat(response.status()).isEqualTo(401);
  }

  @Test
  void aRefusedWriteStoresNothing() {
    String name = "refused-" + UUID.randomUUID();
    String job =
        new JsonObject()
            .put("name", name)
            .put("schedule", "* * * * * *")
            .put("target", new JsonObject().put("url", "http://127.0.0.1:9/x"))
            .encode();
    assertThat(reader.post("/api/v1/jobs", job).status()).isEqualTo(403);
    assertThat(admin.anonymous().post("/api/v1/jobs", job).status()).isEqualTo(401);
    assertThat(
            PostgresFixture.get()
                .queryLong(db, "SELECT count(*) FROM jobs WHERE name = '" + name + "'"))
        .isZero();
  }

  @Test
  void tokensAreShownOnceStoredAsHashesAndListedWithoutSecrets() {
    Api.Response created =
        admin.post("/api/v1/tokens", "{\"name\": \"ci-deploy\", \"role\": \"write\"}");
    assertThat(created.status()).isEqualTo(201);
    JsonObject body = created.json();
    String token = body.getString("token");
    assertThat(body.getString("name")).isEqualTo("ci-deploy");
    assertThat(body.getString("role")).isEqualTo("write");
    assertThat(body.getString("createdAt")).isNotBlank();
    assertThat(created.header("Cache-Control")).isEqualTo("no-store");

    assertThat(admin.as(token).get("/api/v1/whoami").json())
        .isEqualTo(
            new JsonObject()
                .put("name", "ci-deploy")
                .put("role", "write")
                .put("authEnabled", true));
    JsonArray listed = admin.get("/api/v1/tokens").json().getJsonArray("items");
    assertThat(listed.encode()).contains("ci-deploy").doesNotContain(token);
    JsonObject entry =
        listed.stream()
            .map(JsonObject.class::cast)
            .filter(t -> t.getString("name").equals("ci-deploy"))
            .findFirst()
            .orElseThrow();
    assertThat(entry.getString("lastUsedAt")).as("used by whoami above").isNotNull();
    assertThat(
            PostgresFixture.get()
                .queryLong(
                    db,
                    "SELECT count(*) FROM api_tokens WHERE encode(token_hash, 'escape') LIKE '%"
                        + token.substring(4, 20)
                        + "%'"))
        .as("the token itself is not stored")
        .isZero();

    Api.Response taken =
        admin.post("/api/v1/tokens", "{\"name\": \"ci-deploy\", \"role\": \"read\"}");
    assertThat(taken.status()).isEqualTo(409);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "{\"role\": \"read\"}|name",
        "{\"name\": \"has space\", \"role\": \"read\"}|name",
        "{\"name\": \"ok\", \"role\": \"root\"}|role",
        "{\"name\": \"ok\"}|role",
        "{\"name\": \"ok\", \"role\": \"read\", \"extra\": 1}|extra",
      })
  void badTokenRequestsAre422NamingTheField(String testCase) {
    int bar = testCase.lastIndexOf('|');
    Api.Response response = admin.post("/api/v1/tokens", testCase.substring(0, bar));
    assertThat(response.status()).as(response.body()).isEqualTo(422);
    assertThat(response.json().getJsonObject("error").getString("field"))
        .isEqualTo(testCase.substring(bar + 1));
  }

  @Test
  void aRevokedTokenStopsWorkingAtOnceOnEveryNode() {
    Engine other = EngineFixture.start(db);
    try {
      String token = mint("short-lived", "read");
      Api here = admin.as(token);
      Api there = new Api(other.port()).as(token);
      assertThat(there.get("/api/v1/jobs").status()).isEqualTo(200);

      assertThat(admin.delete("/api/v1/tokens/short-lived").status()).isEqualTo(204);

      assertThat(here.get("/api/v1/jobs").status()).isEqualTo(401);
      assertThat(there.get("/api/v1/jobs").status()).isEqualTo(401);
      assertThat(admin.delete("/api/v1/tokens/short-lived").status()).isEqualTo(404);
    } finally {
      other.stop().await();
    }
  }

  @Test
  void theAuditTrailSaysWhoChangedWhatWithSecretsMasked() {
    String name = "audited-" + UUID.randomUUID();
    JsonObject job =
        new JsonObject()
            .put("name", name)
            .put("schedule", "0 0 0 1 1 *")
            .put(
                "target",
                new JsonObject()
                    .put("url", "http://127.0.0.1:9/x")
                    .put("headers", new JsonObject().put("Authorization", "Bearer s3cret-value")));
    Api.Response created = writer.post("/api/v1/jobs", job.encode());
    assertThat(created.status()).isEqualTo(201);
    String id = created.json().getString("id");
    assertThat(
            writer
                .patch(
                    "/api/v1/jobs/" + id,
                    "{\"schedule\": \"0 0 1 1 1 *\", \"target\": {\"headers\": {\"Authorization\":"
                        + " \"Bearer other-s3cret\"}}}")
                .status())
        .isEqualTo(200);
    assertThat(admin.delete("/api/v1/jobs/" + id).status()).isEqualTo(204);

    JsonArray lines = admin.get("/api/v1/audit?subject=job:" + id).json().getJsonArray("items");
    assertThat(lines.encode()).doesNotContain("s3cret");
    assertThat(lines).hasSize(3);
    JsonObject deleted = lines.getJsonObject(0);
    JsonObject updated = lines.getJsonObject(1);
    JsonObject create = lines.getJsonObject(2);
    assertThat(create.getString("actor")).isEqualTo("writer");
    assertThat(create.getString("action")).isEqualTo("job.create");
    assertThat(create.getJsonObject("changes").getJsonObject("job").getString("name"))
        .isEqualTo(name);
    assertThat(updated.getString("action")).isEqualTo("job.update");
    assertThat(updated.getJsonObject("changes").getJsonObject("schedule"))
        .isEqualTo(new JsonObject().put("from", "0 0 0 1 1 *").put("to", "0 0 1 1 1 *"));
    assertThat(updated.getJsonObject("changes").containsKey("target.headers"))
        .as("a changed secret shows as a change")
        .isTrue();
    assertThat(deleted.getString("actor")).isEqualTo(AuthConfig.ENV_ADMIN_NAME);
    assertThat(deleted.getString("action")).isEqualTo("job.delete");

    Api.Response config = admin.put("/api/v1/config", "{\"maxInFlightPerHost\": 4321}");
    assertThat(config.status()).isEqualTo(200);
    JsonObject configLine =
        admin.get("/api/v1/audit?subject=config").json().getJsonArray("items").getJsonObject(0);
    assertThat(
            configLine
                .getJsonObject("changes")
                .getJsonObject("maxInFlightPerHost")
                .getInteger("to"))
        .isEqualTo(4321);
    assertThat(reader.get("/api/v1/audit").status()).isEqualTo(403);
  }
}
