package io.cronwheel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.support.Api;
import io.cronwheel.support.EngineProcess;
import io.cronwheel.support.PostgresFixture;
import io.cronwheel.support.RecordingReceiver;
import io.cronwheel.support.Waits;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Jobs stored before the body limit existed (written here straight into PostgreSQL, as an older
 * version would have) are far larger than the heap: 3,000 jobs with 200 KB bodies against a 512 MB
 * engine, which used to run out of memory on every start. The engine must start anyway, schedule
 * what fits its job memory budget, report the rest loudly (one ERROR line, a metric, the API) and
 * keep firing the good jobs; the operator then fixes a job through the API.
 */
class JobMemoryBudgetIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int GOOD = 20;
  private static final int HUGE = 3_000;
  private static final int BIG = 20;
  private static final int BULK = 400;
  private static final Pattern NAMED_ID = Pattern.compile("\\d0000000-0000-7000-8000-\\d{12}");

  /** Ids sort in creation order, so the load meets good, huge, big and bulk jobs in that order. */
  private static String id(int group, int n) {
    return String.format("%d0000000-0000-7000-8000-%012d", group, n);
  }

  private static void insert(PgConnectOptions db, int group, int count, String url, int bodyChars) {
    String body = bodyChars == 0 ? "" : ", 'body', repeat('x', " + bodyChars + ")";
    PostgresFixture.get()
        .execute(
            db,
            "INSERT INTO jobs (id, name, schedule, timezone, execution_type, target, timeout_ms, retry,"
                + " active, created_at, updated_at, version)"
                + " SELECT ('"
                + group
                + "0000000-0000-7000-8000-' || lpad(g::text, 12, '0'))::uuid, 'job-"
                + group
                + "-' || g, '* * * * * *', 'UTC', 'AT_LEAST_ONCE',"
                + " jsonb_build_object('url', '"
                + url
                + "', 'method', 'POST', 'headers', '{}'::jsonb"
                + body
                + "), 10000,"
                + " '{\"maxAttempts\": 1, \"initialDelayMs\": 1000, \"maxDelayMs\": 1000, \"multiplier\": 2.0}',"
                + " true, now(), now(), 1 FROM generate_series(1, "
                + count
                + ") g");
  }

  private static Set<String> goodFired(RecordingReceiver receiver) {
    return receiver.received(r -> r.path().equals("/good")).stream()
        .map(r -> r.header("X-Cronwheel-Job-Id"))
        .collect(Collectors.toSet());
  }

  @Test
  void oversizedStoredJobs_areLeftUnscheduledAndReportedWhileTheRestFires() throws Exception {
    PgConnectOptions db = PostgresFixture.get().newDatabase();
    try (RecordingReceiver receiver = RecordingReceiver.start()) {
      insert(db, 0, GOOD, receiver.url("/good"), 0);
      insert(db, 1, HUGE, receiver.url("/huge"), 200_000);
      insert(db, 2, BIG, receiver.url("/big"), 40_000);
      insert(db, 3, BULK, receiver.url("/bulk"), 500);

      try (EngineProcess engine =
          EngineProcess.start(db, Map.of("CRONWHEEL_JOB_MEMORY_BUDGET", "128k"))) {
        Api api = engine.api();

        // Partitions start on their own, each once its jobs are loaded: wait for every good job.
        Waits.until(
            () -> goodFired(receiver).size() == GOOD,
            WAIT,
            () -> "good jobs fired: " + goodFired(receiver).size() + " of " + GOOD);
        assertThat(goodFired(receiver)).hasSize(GOOD);

        JsonObject health = api.get("/health").json();
        long unschedulable = health.getJsonObject("unschedulableJobs").getLong("count");
        long scheduled = health.getLong("scheduledJobs");
        assertThat(health.getString("status")).isEqualTo("UP");
        assertThat(scheduled + unschedulable).isEqualTo(GOOD + HUGE + BIG + BULK);
        assertThat(unschedulable).isGreaterThan(HUGE + BIG);
        assertThat(scheduled).isGreaterThan(GOOD);
        assertThat(api.metric("cronwheel_jobs_unschedulable")).isEqualTo(unschedulable);
        assertThat(api.metric("cronwheel_jobs_memory_bytes")).isBetween(1L, 128L * 1024);

        JsonObject huge = api.get("/api/v1/jobs/" + id(1, 7)).json();
        assertThat(huge.getBoolean("schedulable")).isFalse();
        assertThat(huge.getString("unschedulableReason")).contains("stored target is");
        assertThat(huge.getValue("nextFireTime")).isNull();
        JsonObject big = api.get("/api/v1/jobs/" + id(2, 1)).json();
        assertThat(big.getString("unschedulableReason"))
            .contains("target.body is 40002 bytes", "CRONWHEEL_MAX_TARGET_BODY_BYTES");
        JsonObject lastBulk = api.get("/api/v1/jobs/" + id(3, BULK)).json();
        assertThat(lastBulk.getBoolean("schedulable")).isFalse();
        assertThat(lastBulk.getString("unschedulableReason"))
            .contains("CRONWHEEL_JOB_MEMORY_BUDGET");
        assertThat(api.get("/api/v1/jobs/" + id(3, 1)).json().getBoolean("schedulable")).isTrue();

        // Partitions load concurrently, so which huge jobs the line names first is a race: check
        // that it names some, and only huge ones (the load meets them before big and bulk jobs).
        assertThat(engine.log().lines().filter(l -> l.contains("are NOT scheduled")))
            .singleElement()
            .satisfies(
                line -> {
                  assertThat(line).contains(" ERROR ", unschedulable + " job(s)");
                  List<String> named =
                      NAMED_ID.matcher(line).results().map(m -> m.group()).toList();
                  assertThat(named).isNotEmpty().allMatch(jobId -> jobId.startsWith("1"));
                });

        // The budget is full: a new job that needs room is refused, and nothing is stored.
        JsonObject newJob =
            new JsonObject()
                .put("name", "one-too-many")
                .put("schedule", "* * * * * *")
                .put(
                    "target",
                    new JsonObject()
                        .put("url", receiver.url("/new"))
                        .put("body", "y".repeat(8000)));
        Api.Response refused = api.post("/api/v1/jobs", newJob.encode());
        assertThat(refused.status()).as(refused.body()).isEqualTo(507);
        assertThat(refused.json().getJsonObject("error").getString("code"))
            .isEqualTo("job_memory_budget_full");
        assertThat(api.get("/api/v1/jobs?name=one-too-many").json().getJsonArray("items"))
            .isEmpty();

        // The operator frees room and fixes an oversized job: it is scheduled and fires.
        for (int n = 1; n <= 5; n++) {
          assertThat(api.delete("/api/v1/jobs/" + id(3, n)).status()).isEqualTo(204);
        }
        Api.Response fixed =
            api.patch("/api/v1/jobs/" + id(2, 1), "{\"target\": {\"body\": {\"small\": true}}}");
        assertThat(fixed.status()).as(fixed.body()).isEqualTo(200);
        assertThat(fixed.json().getBoolean("schedulable")).isTrue();
        receiver.awaitCount(r -> r.path().equals("/big"), 2, WAIT);
        assertThat(api.get("/health").json().getJsonObject("unschedulableJobs").getLong("count"))
            .isEqualTo(unschedulable - 1);

        assertThat(receiver.received(r -> r.path().equals("/huge"))).isEmpty();
        assertThat(engine.terminate(Duration.ofSeconds(60))).isZero();
      }
    }
  }
}
