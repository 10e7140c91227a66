package io.cronwheel.guarantees;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.dispatch.FireRequestFactory;
import io.cronwheel.support.Api;
import io.cronwheel.support.ClusterSplit;
import io.cronwheel.support.EngineProcess;
import io.cronwheel.support.PostgresFixture;
import io.cronwheel.support.StoredJobs;
import io.cronwheel.support.Waits;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three real engine processes sharing several thousand every-second jobs, half at-least-once and
 * half at-most-once, for half a minute: every second of every job reaches the receiver (0 missed),
 * no at-most-once second twice, and every execution of the window is recorded as SUCCEEDED.
 */
class ClusterLoadIT {
  private static final Logger log = LoggerFactory.getLogger(ClusterLoadIT.class);
  private static final int PARTITIONS = 12;
  private static final int JOBS = 3_000;
  private static final int WINDOW_SECONDS = 30;
  private static final String[] NODES = {"a", "b", "c"};

  @Test
  void threeNodesShareThousandsOfJobsWithNothingMissedOrDoubled() throws Exception {
    PgConnectOptions db = PostgresFixture.get().newDatabase();
    Vertx vertx = Vertx.vertx();
    AtomicLong received = new AtomicLong();
    Map<String, AtomicInteger> sends = new ConcurrentHashMap<>();
    HttpServer receiver =
        vertx
            .createHttpServer()
            .requestHandler(
                request ->
                    request
                        .body()
                        .onComplete(
                            ar -> {
                              received.incrementAndGet();
                              String key =
                                  request.getHeader(FireRequestFactory.JOB_ID)
                                      + "@"
                                      + Instant.parse(
                                              request.getHeader(FireRequestFactory.SCHEDULED_AT))
                                          .getEpochSecond();
                              sends
                                  .computeIfAbsent(key, k -> new AtomicInteger())
                                  .incrementAndGet();
                              request.response().end();
                            }))
            .listen(0, "127.0.0.1")
            .await();
    List<EngineProcess> nodes = new ArrayList<>();
    try {
      Map<UUID, String> types = insertJobs(db, "http://127.0.0.1:" + receiver.actualPort());
      for (String id : NODES) {
        nodes.add(
            EngineProcess.start(
                db,
                Map.of(
                    "CRONWHEEL_NODE_ID",
                    id,
                    "CRONWHEEL_PARTITIONS",
                    Integer.toString(PARTITIONS),
                    "CRONWHEEL_EVENT_LOOPS",
                    "1",
                    "CRONWHEEL_REBALANCE_DELAY",
                    "2s")));
      }
      Api api = nodes.get(0).api();
      Waits.until(
          () -> ClusterSplit.balanced(ClusterSplit.read(api), Set.of(NODES), PARTITIONS),
          Duration.ofSeconds(60),
          () -> "not balanced: " + api.get("/api/v1/cluster").body());

      long windowStart = Instant.now().getEpochSecond() + 2;
      long windowEnd = windowStart + WINDOW_SECONDS - 1;
      Thread.sleep(Math.max(0, (windowEnd + 3) * 1000 - System.currentTimeMillis()));
      for (EngineProcess node : nodes) {
        assertThat(node.terminate(Duration.ofSeconds(60))).isZero();
      }

      long missed = 0;
      long doubledAtMostOnce = 0;
      long repeatedAtLeastOnce = 0;
      for (Map.Entry<UUID, String> job : types.entrySet()) {
        for (long second = windowStart; second <= windowEnd; second++) {
          AtomicInteger count = sends.get(job.getKey() + "@" + second);
          int n = count == null ? 0 : count.get();
          if (n == 0) {
            missed++;
          } else if (n > 1 && job.getValue().equals("AT_MOST_ONCE")) {
            doubledAtMostOnce++;
          } else if (n > 1) {
            repeatedAtLeastOnce++;
          }
        }
      }
      String window =
          " scheduled_at BETWEEN to_timestamp("
              + windowStart
              + ") AND to_timestamp("
              + windowEnd
              + ")";
      long rows =
          PostgresFixture.get().queryLong(db, "SELECT count(*) FROM executions WHERE" + window);
      long succeeded =
          PostgresFixture.get()
              .queryLong(
                  db, "SELECT count(*) FROM executions WHERE status = 'SUCCEEDED' AND" + window);
      long expected = (long) JOBS * WINDOW_SECONDS;
      log.info(
          "cluster load: 3 nodes, {} jobs for {} s ({} fires expected, {} received in all): {}"
              + " missed, {} at-most-once doubled, {} at-least-once repeated; {} rows, {} SUCCEEDED",
          JOBS,
          WINDOW_SECONDS,
          expected,
          received.get(),
          missed,
          doubledAtMostOnce,
          repeatedAtLeastOnce,
          rows,
          succeeded);
      assertThat(missed).as("seconds never received").isZero();
      assertThat(doubledAtMostOnce).as("at-most-once seconds received twice").isZero();
      assertThat(rows).as("executions recorded in the window").isEqualTo(expected);
      assertThat(succeeded).as("executions recorded SUCCEEDED").isEqualTo(expected);
    } finally {
      nodes.forEach(EngineProcess::close);
      vertx.close().await();
    }
  }

  /** Inserts the jobs as the API would store them; returns each job's delivery type. */
  private static Map<UUID, String> insertJobs(PgConnectOptions db, String baseUrl)
      throws Exception {
    Map<UUID, String> types = new HashMap<>();
    StoredJobs.insert(
            db,
            PARTITIONS,
            JOBS,
            i ->
                new StoredJobs.Spec(
                    "load-" + i,
                    "* * * * * *",
                    i % 2 == 0 ? "AT_LEAST_ONCE" : "AT_MOST_ONCE",
                    "FIRE_ONCE",
                    baseUrl + "/" + i))
        .forEach((id, job) -> types.put(id, job.executionType()));
    return types;
  }
}
