package io.cronwheel.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.Engine;
import io.cronwheel.store.JobQuery;
import io.cronwheel.support.Api;
import io.cronwheel.support.EngineFixture;
import io.cronwheel.support.PostgresFixture;
import io.cronwheel.support.StoredJobs;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's job table over 100,000 jobs: every sort, order and filter it offers, at the first
 * page and at a page in the middle, through the real API. It checks the pages are right and writes
 * their latencies to {@code target/job-table-latency.txt} (measured, never asserted).
 */
class JobTableScaleIT {
  private static final int JOBS = 100_000;
  private static final int RUNS = 15;

  private static PgConnectOptions db;
  private static Engine engine;
  private static Api api;

  @BeforeAll
  static void start() throws Exception {
    db = PostgresFixture.get().newDatabase();
    // Yearly jobs: loaded and scheduled like any other, never due during the test.
    StoredJobs.insert(
        db,
        4,
        JOBS,
        i ->
            new StoredJobs.Spec(
                String.format("job-%06d", (i * 7919L) % JOBS),
                "0 0 0 1 1 *",
                "AT_LEAST_ONCE",
                "FIRE_ONCE",
                "http://127.0.0.1:9/x"));
    PostgresFixture.get()
        .execute(db, "UPDATE jobs SET active = false WHERE right(name, 1) IN ('1', '4', '7')");
    // What autovacuum does after this many inserts; the planner needs the statistics.
    PostgresFixture.get().execute(db, "VACUUM ANALYZE jobs");
    engine = EngineFixture.start(db);
    api = new Api(engine.port());
  }

  @AfterAll
  static void stop() {
    engine.stop().await();
  }

  @Test
  void everyOrderAndFilter_answersItsPagesFromTheIndexes() throws Exception {
    List<String> report = new ArrayList<>();
    report.add(
        "GET /api/v1/jobs over " + JOBS + " jobs (70,000 active), limit=50, " + RUNS + " runs");
    report.add("query | first page median/max ms | middle page median/max ms");
    String middleName = "job-050000";
    UUID middleId;
    try (Connection c = PostgresFixture.get().connect(db);
        ResultSet row =
            c.createStatement()
                .executeQuery("SELECT id FROM jobs ORDER BY id OFFSET 50000 LIMIT 1")) {
      row.next();
      middleId = row.getObject(1, UUID.class);
    }
    for (String sort : List.of("createdAt", "name")) {
      for (String order : List.of("asc", "desc")) {
        for (String active : List.of("", "true", "false")) {
          JobQuery.Sort parsed = JobListCursor.sort(sort);
          boolean descending = order.equals("desc");
          String cursor =
              Requests.encodeCursor(
                  JobListCursor.encode(
                      new JobQuery.Position(middleId, middleName), parsed, descending));
          String query =
              "sort=" + sort + "&order=" + order + (active.isEmpty() ? "" : "&active=" + active);
          long[] first = measure("/api/v1/jobs?limit=50&" + query, sort, descending);
          long[] middle =
              measure("/api/v1/jobs?limit=50&" + query + "&cursor=" + cursor, sort, descending);
          report.add(
              query + " | " + first[0] + "/" + first[1] + " | " + middle[0] + "/" + middle[1]);
        }
      }
    }
    long[] search = measure("/api/v1/jobs?limit=50&sort=name&name=job-0500", "name", false);
    report.add("sort=name&name=job-0500 (a 100-job prefix) | " + search[0] + "/" + search[1]);
    long[] searchCreated = measure("/api/v1/jobs?limit=50&name=job-0500", "createdAt", false);
    report.add("name=job-0500 in creation order | " + searchCreated[0] + "/" + searchCreated[1]);
    long[] stats = measure("/api/v1/stats", null, false);
    report.add("GET /api/v1/stats (job counts, cluster view) | " + stats[0] + "/" + stats[1]);
    JsonObject counts = api.get("/api/v1/stats").json().getJsonObject("jobs");
    assertThat(counts.getLong("active")).isEqualTo(70_000);
    assertThat(counts.getLong("paused")).isEqualTo(30_000);

    Path out = Path.of("target", "job-table-latency.txt");
    Files.createDirectories(out.getParent());
    Files.write(out, report);
    report.forEach(System.out::println);
  }

  /** Median and maximum latency in ms of RUNS requests, after one warm-up; checks each page. */
  private static long[] measure(String path, String sort, boolean descending) {
    check(api.get(path), sort, descending);
    long[] nanos = new long[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      Api.Response response = api.get(path);
      nanos[i] = System.nanoTime() - start;
      check(response, sort, descending);
    }
    Arrays.sort(nanos);
    return new long[] {nanos[RUNS / 2] / 1_000_000, nanos[RUNS - 1] / 1_000_000};
  }

  private static void check(Api.Response response, String sort, boolean descending) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    if (sort == null) {
      return;
    }
    JsonArray items = response.json().getJsonArray("items");
    assertThat(items).isNotEmpty();
    for (int i = 1; i < items.size(); i++) {
      String key = sort.equals("name") ? "name" : "id";
      String before = items.getJsonObject(i - 1).getString(key);
      String after = items.getJsonObject(i).getString(key);
      // Names are ASCII and ids lowercase hex of one length: as strings they compare as the
      // database orders them (bytewise; uuids as unsigned bytes).
      int compared = before.compareTo(after);
      assertThat(descending ? compared > 0 : compared < 0)
          .as("%s before %s in %s order", before, after, sort)
          .isTrue();
    }
  }
}
