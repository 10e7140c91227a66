package io.cronwheel.api;

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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the dashboard asks of the API, against a real engine and PostgreSQL: the schedule preview,
 * the live stats, the job table's sorts and keyed pages, the executions' time range, and the static
 * files themselves.
 */
class DashboardApiIT {
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

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static JsonObject job(String name, String schedule, boolean active, String url) {
    return new JsonObject()
        .put("name", name)
        .put("schedule", schedule)
        .put("active", active)
        .put("target", new JsonObject().put("url", url));
  }

  private static String create(JsonObject job) {
    Api.Response created = api.post("/api/v1/jobs", job.encode());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().getString("id");
  }

  @Test
  void preview_givesTheNextFireTimesInTheZone() {
    Api.Response preview =
        api.get(
            "/api/v1/schedules/preview?schedule="
                + encode("0 30 9 * * MON-FRI")
                + "&timezone=Europe/Paris&count=5");

    assertThat(preview.status()).isEqualTo(200);
    JsonArray next = preview.json().getJsonArray("next");
    JsonArray local = preview.json().getJsonArray("nextLocal");
    assertThat(next).hasSize(5);
    for (int i = 0; i < 5; i++) {
      Instant at = Instant.parse(next.getString(i));
      assertThat(at).isAfter(Instant.now());
      var paris = at.atZone(ZoneId.of("Europe/Paris"));
      assertThat(paris.getHour()).isEqualTo(9);
      assertThat(paris.getMinute()).isEqualTo(30);
      assertThat(paris.getDayOfWeek().getValue()).isLessThanOrEqualTo(5);
      assertThat(OffsetDateTime.parse(local.getString(i)).toInstant()).isEqualTo(at);
    }
    assertThat(
            api.get("/api/v1/schedules/preview?schedule=" + encode("*/5 * * * * *"))
                .json()
                .getString("timezone"))
        .isEqualTo("UTC");
  }

  @ParameterizedTest
  @CsvSource({
    "schedule=*%2F5+*+*, schedule, 422",
    "schedule=61+*+*+*+*+*, schedule, 422",
    "timezone=UTC, schedule, 400",
    "schedule=*+*+*+*+*+*&timezone=Mars%2FBase, timezone, 422",
    "schedule=*+*+*+*+*+*&count=0, count, 400",
    "schedule=*+*+*+*+*+*&count=abc, count, 400",
  })
  void preview_refusesBadInputNamingTheParameter(String query, String field, int status) {
    Api.Response refused = api.get("/api/v1/schedules/preview?" + query);

    assertThat(refused.status()).as(refused.body()).isEqualTo(status);
    assertThat(refused.json().getJsonObject("error").getString("field")).isEqualTo(field);
  }

  @Test
  void stats_countJobsByStateAndThisNodesFires() throws Exception {
    try (RecordingReceiver receiver = RecordingReceiver.start()) {
      String prefix = "stats-" + UUID.randomUUID();
      JsonObject before = api.get("/api/v1/stats").json();
      String firing = create(job(prefix + "-firing", "* * * * * *", true, receiver.url("/s")));
      create(job(prefix + "-paused", "* * * * * *", false, receiver.url("/s")));
      receiver.awaitCount(r -> r.path().equals("/s"), 3, Duration.ofSeconds(15));

      JsonObject stats = api.get("/api/v1/stats").json();
      JsonObject jobs = stats.getJsonObject("jobs");
      assertThat(jobs.getLong("active") - before.getJsonObject("jobs").getLong("active"))
          .isEqualTo(1);
      assertThat(jobs.getLong("paused") - before.getJsonObject("jobs").getLong("paused"))
          .isEqualTo(1);
      assertThat(stats.getInteger("nodes")).isEqualTo(1);
      assertThat(stats.getInteger("partitions")).isEqualTo(4);
      JsonObject node = stats.getJsonObject("node");
      assertThat(node.getLong("lastHourWindowSeconds")).isPositive();
      Waits.until(
          () ->
              api.get("/api/v1/stats").json().getJsonObject("node").getLong("succeededLastHour")
                  >= 3,
          Duration.ofSeconds(10),
          () -> "the stats never counted the successes: " + api.get("/api/v1/stats").body());
      for (String key : List.of("firesPerSecond", "driftP50Ms", "driftP99Ms")) {
        assertThat(node.getDouble(key)).as(key).isGreaterThanOrEqualTo(0);
      }
      assertThat(node.getLong("failedLastHour")).isZero();
      assertThat(node.getLong("recordBacklog")).isGreaterThanOrEqualTo(0);
      api.patch("/api/v1/jobs/" + firing, "{\"active\": false}");
    }
  }

  @Test
  void jobs_sortByNameBothWaysWithKeyedPagesAndFilters() {
    String prefix = "sorted-" + UUID.randomUUID() + "-";
    List<String> names = List.of("delta", "Alpha", "charlie", "bravo", "echo");
    for (String name : names) {
      create(job(prefix + name, "0 0 0 1 1 *", !name.equals("charlie"), "http://127.0.0.1:9/x"));
    }
    // Bytewise: upper case before lower case.
    List<String> ascending = List.of("Alpha", "bravo", "charlie", "delta", "echo");

    assertThat(pages("sort=name&order=asc", prefix, 2)).isEqualTo(ascending);
    assertThat(pages("sort=name&order=desc", prefix, 2))
        .isEqualTo(List.of("echo", "delta", "charlie", "bravo", "Alpha"));
    assertThat(pages("sort=createdAt&order=asc", prefix, 2)).isEqualTo(names);
    assertThat(pages("sort=createdAt&order=desc", prefix, 3))
        .isEqualTo(List.of("echo", "bravo", "charlie", "Alpha", "delta"));
    assertThat(pages("sort=name&active=false", prefix, 2)).isEqualTo(List.of("charlie"));
    assertThat(pages("sort=name&order=desc&active=true", prefix, 3))
        .isEqualTo(List.of("echo", "delta", "bravo", "Alpha"));
  }

  /** Every page of a listing, following {@code next}; answers the names without the prefix. */
  private static List<String> pages(String query, String prefix, int limit) {
    List<String> names = new ArrayList<>();
    String cursor = null;
    do {
      Api.Response page =
          api.get(
              "/api/v1/jobs?"
                  + query
                  + "&limit="
                  + limit
                  + "&name="
                  + encode(prefix)
                  + (cursor == null ? "" : "&cursor=" + cursor));
      assertThat(page.status()).as(page.body()).isEqualTo(200);
      page.json()
          .getJsonArray("items")
          .forEach(j -> names.add(((JsonObject) j).getString("name").substring(prefix.length())));
      cursor = page.json().getString("next");
    } while (cursor != null);
    return names;
  }

  @Test
  void jobs_refuseABadSortOrderOrACursorOfAnotherOrder() {
    String prefix = "cursor-" + UUID.randomUUID() + "-";
    for (int i = 0; i < 3; i++) {
      create(job(prefix + i, "0 0 0 1 1 *", true, "http://127.0.0.1:9/x"));
    }
    String byName =
        api.get("/api/v1/jobs?sort=name&limit=1&name=" + encode(prefix)).json().getString("next");
    String byCreation =
        api.get("/api/v1/jobs?limit=1&name=" + encode(prefix)).json().getString("next");

    assertError(api.get("/api/v1/jobs?sort=size"), 400, "sort");
    assertError(api.get("/api/v1/jobs?order=up"), 400, "order");
    assertError(api.get("/api/v1/jobs?cursor=" + byName), 400, "cursor");
    assertError(api.get("/api/v1/jobs?sort=name&cursor=" + byCreation), 400, "cursor");
    assertError(api.get("/api/v1/jobs?sort=name&order=desc&cursor=" + byName), 400, "cursor");
    assertThat(api.get("/api/v1/jobs?sort=name&cursor=" + byName).status()).isEqualTo(200);
  }

  @Test
  void executions_filterByScheduledTimeRange() throws Exception {
    try (RecordingReceiver receiver = RecordingReceiver.start()) {
      String id =
          create(job("range-" + UUID.randomUUID(), "* * * * * *", true, receiver.url("/range")));
      receiver.awaitCount(r -> r.path().equals("/range"), 4, Duration.ofSeconds(15));
      api.patch("/api/v1/jobs/" + id, "{\"active\": false}");
      Waits.until(
          () -> history(id, "").size() >= 4,
          Duration.ofSeconds(10),
          () -> "fewer than 4 executions recorded");
      List<Instant> all = history(id, "");
      Instant newest = all.get(0);
      Instant second = all.get(1);

      assertThat(history(id, "&from=" + second)).containsExactly(newest, second);
      assertThat(history(id, "&to=" + second)).isEqualTo(all.subList(2, all.size()));
      assertThat(history(id, "&from=" + second + "&to=" + newest)).containsExactly(second);
      assertThat(
              history(
                  id,
                  "&from="
                      + encode(second.atZone(ZoneId.of("Asia/Kolkata")).toOffsetDateTime() + "")))
          .containsExactly(newest, second);
      Api.Response everywhere = api.get("/api/v1/executions?from=" + second + "&limit=1000");
      assertThat(everywhere.json().getJsonArray("items")).isNotEmpty();
      assertError(api.get("/api/v1/executions?from=yesterday"), 400, "from");
      assertError(api.get("/api/v1/executions?to=2026-13-01T00:00:00Z"), 400, "to");
      assertError(api.get("/api/v1/executions?from=" + newest + "&to=" + second), 400, "to");
      assertError(
          api.get("/api/v1/jobs/" + id + "/executions?from=" + newest + "&to=" + newest),
          400,
          "to");
      // A bad parameter of one job's history is answered too (it used to be left hanging).
      assertError(api.get("/api/v1/jobs/" + id + "/executions?status=DONE"), 400, "status");
      assertError(api.get("/api/v1/jobs/" + id + "/executions?cursor=!!"), 400, "cursor");
    }
  }

  private static List<Instant> history(String id, String query) {
    Api.Response page = api.get("/api/v1/jobs/" + id + "/executions?limit=1000" + query);
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    List<Instant> times = new ArrayList<>();
    page.json()
        .getJsonArray("items")
        .forEach(e -> times.add(Instant.parse(((JsonObject) e).getString("scheduledAt"))));
    return times;
  }

  @Test
  void dashboard_isServedWithoutATokenWithItsChartLibrary() {
    Api.Response index = api.get("/");
    assertThat(index.status()).isEqualTo(200);
    assertThat(index.header("Content-Type")).startsWith("text/html");
    assertThat(index.header("Content-Security-Policy")).contains("default-src 'self'");
    assertThat(index.body()).contains("/assets/app.js");

    Api.Response app = api.get("/assets/app.js");
    assertThat(app.status()).isEqualTo(200);
    assertThat(app.header("Content-Type")).contains("javascript");
    Api.Response chart = api.get("/webjars/uplot/1.6.30/dist/uPlot.esm.js");
    assertThat(chart.status()).isEqualTo(200);
    assertThat(chart.body()).contains("export { uPlot as default }");
    assertThat(api.get("/assets/no-such-file.js").status()).isEqualTo(404);
    assertThat(api.get("/assets/../../logback.xml").status()).isNotEqualTo(200);
  }

  private static void assertError(Api.Response response, int status, String field) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.json().getJsonObject("error").getString("field")).isEqualTo(field);
  }
}
