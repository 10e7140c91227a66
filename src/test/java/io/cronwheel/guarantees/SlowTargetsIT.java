package io.cronwheel.guarantees;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.Engine;
import io.cronwheel.support.Api;
import io.cronwheel.support.EngineFixture;
import io.cronwheel.support.PostgresFixture;
import io.cronwheel.support.RecordingReceiver;
import io.cronwheel.support.RecordingReceiver.Received;
import io.cronwheel.support.RecordingReceiver.Reply;
import io.cronwheel.support.Waits;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Promise 4: targets that fail, hang, pace us or refuse connections are retried, backed off and cut
 * off by the circuit breaker, while a healthy job beside them keeps firing every second.
 */
class SlowTargetsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static Engine engine;
  private static Api api;
  private static RecordingReceiver receiver;

  @BeforeAll
  static void start() {
    engine = EngineFixture.start(PostgresFixture.get().newDatabase());
    api = new Api(engine.port());
    receiver = RecordingReceiver.start();
    Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    receiver.respond(
        r -> {
          int call =
              calls
                  .computeIfAbsent(r.header("X-Cronwheel-Execution-Id"), k -> new AtomicInteger())
                  .incrementAndGet();
          return switch (r.path()) {
            case "/flaky" -> Reply.status(call == 1 ? 500 : 200);
            case "/hang" -> Reply.never();
            case "/paced" ->
                call == 1
                    ? new Reply(429, Map.of("Retry-After", "1"), 0, false)
                    : Reply.status(200);
            case "/gone" -> Reply.status(404);
            default -> Reply.status(200);
          };
        });
  }

  @AfterAll
  static void stop() {
    engine.stop().await();
    receiver.close();
  }

  private static String create(String name, String url, JsonObject extra) {
    JsonObject body =
        new JsonObject()
            .put("name", name)
            .put("schedule", "* * * * * *")
            .put("target", new JsonObject().put("url", url))
            .put(
                "retry",
                new JsonObject()
                    .put("maxAttempts", 3)
                    .put("initialDelayMs", 50)
                    .put("maxDelayMs", 200));
    extra.forEach(e -> body.put(e.getKey(), e.getValue()));
    Api.Response created = api.post("/api/v1/jobs", body.encode());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().getString("id");
  }

  private static JsonArray history(String id, String status) {
    return api.get("/api/v1/jobs/" + id + "/executions?status=" + status)
        .json()
        .getJsonArray("items");
  }

  private static JsonObject firstFinal(String id, String status) {
    Waits.until(
        () -> !history(id, status).isEmpty(), WAIT, () -> "no " + status + " execution of " + id);
    return history(id, status).getJsonObject(history(id, status).size() - 1);
  }

  @Test
  void failingTargets_areRetriedBackedOffAndCutOffWhileAHealthyJobKeepsItsSeconds()
      throws Exception {
    String healthy = create("healthy", receiver.url("/healthy"), new JsonObject());
    String flaky = create("flaky", receiver.url("/flaky"), new JsonObject());
    String hanging =
        create(
            "hanging",
            receiver.url("/hang"),
            new JsonObject()
                .put("timeoutMs", 300)
                .put(
                    "retry",
                    new JsonObject()
                        .put("maxAttempts", 2)
                        .put("initialDelayMs", 10)
                        .put("maxDelayMs", 10)));
    String paced = create("paced", receiver.url("/paced"), new JsonObject());
    String gone = create("gone", receiver.url("/gone"), new JsonObject());
    String refused =
        create(
            "refused",
            "http://127.0.0.1:" + closedPort() + "/nobody",
            new JsonObject().put("retry", new JsonObject().put("maxAttempts", 1)));

    JsonObject flakyRun = firstFinal(flaky, "SUCCEEDED");
    assertThat(flakyRun.getInteger("attempts")).isEqualTo(2);

    JsonObject hangRun = firstFinal(hanging, "FAILED");
    assertThat(hangRun.getInteger("attempts")).isEqualTo(2);
    assertThat(hangRun.getString("error")).containsIgnoringCase("timeout");

    JsonObject pacedRun = firstFinal(paced, "SUCCEEDED");
    List<Received> pacedAttempts =
        receiver.received(
            r -> pacedRun.getString("id").equals(r.header("X-Cronwheel-Execution-Id")));
    assertThat(pacedAttempts).hasSize(2);
    assertThat(pacedAttempts.get(1).receivedAtMillis() - pacedAttempts.get(0).receivedAtMillis())
        .as("Retry-After: 1 respected")
        .isGreaterThanOrEqualTo(900);

    JsonObject goneRun = firstFinal(gone, "FAILED");
    assertThat(goneRun.getInteger("attempts")).as("404 is final").isEqualTo(1);

    Waits.until(
        () ->
            history(refused, "FAILED").stream()
                .anyMatch(e -> ((JsonObject) e).getString("error").contains("circuit open")),
        WAIT,
        () -> "the circuit for the refusing host never opened");
    JsonObject circuitOpen =
        history(refused, "FAILED").stream()
            .map(e -> (JsonObject) e)
            .filter(e -> e.getString("error").contains("circuit open"))
            .findFirst()
            .orElseThrow();
    assertThat(circuitOpen.getValue("firedAt")).as("not sent while the circuit is open").isNull();

    List<Long> healthySeconds =
        receiver.received(r -> healthy.equals(r.header("X-Cronwheel-Job-Id"))).stream()
            .map(r -> Instant.parse(r.header("X-Cronwheel-Scheduled-At")).getEpochSecond())
            .sorted()
            .toList();
    assertThat(healthySeconds).hasSizeGreaterThan(3);
    for (int i = 1; i < healthySeconds.size(); i++) {
      assertThat(healthySeconds.get(i))
          .as("the healthy job fired every second")
          .isEqualTo(healthySeconds.get(i - 1) + 1);
    }
    long worstHealthyDriftMs =
        receiver.received(r -> healthy.equals(r.header("X-Cronwheel-Job-Id"))).stream()
            .mapToLong(
                r ->
                    r.receivedAtMillis()
                        - Instant.parse(r.header("X-Cronwheel-Scheduled-At")).toEpochMilli())
            .max()
            .orElseThrow();
    assertThat(worstHealthyDriftMs)
        .as("the healthy job is not held up by the others")
        .isLessThan(1000);
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
