package io.cronwheel.guarantees;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.Engine;
import io.cronwheel.model.Partitioner;
import io.cronwheel.support.EngineFixture;
import io.cronwheel.support.PostgresFixture;
import io.cronwheel.support.StoredJobs;
import io.cronwheel.support.Waits;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Promise 2 at scale: a restart accounts for the downtime of every job, not only of the first page.
 * 24,000 jobs (12,000 per partition, more than one 10,000-row page each), a third of each misfire
 * policy, every 5 seconds; the engine stops, stays down for about 16 s, and starts again. Then
 * every scheduled second of the downtime of every job has exactly one row, as its policy says:
 * FIRE_ALL fired all of them, SKIP recorded all as MISSED, FIRE_ONCE fired the last and recorded
 * the rest.
 */
class RestartAtScaleIT {
  private static final Logger log = LoggerFactory.getLogger(RestartAtScaleIT.class);
  private static final int PARTITIONS = 2;
  private static final int JOBS = 24_000;
  private static final String[] POLICIES = {"FIRE_ONCE", "SKIP", "FIRE_ALL"};
  private static final long EVERY_SECONDS = 5;

  @Test
  void restart_accountsForTheDowntimeOfEveryJobPerItsMisfirePolicy() throws Exception {
    PgConnectOptions db = PostgresFixture.get().newDatabase();
    Vertx vertx = Vertx.vertx();
    AtomicLong received = new AtomicLong();
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
                              request.response().end();
                            }))
            .listen(0, "127.0.0.1")
            .await();
    Map<String, String> env = Map.of("CRONWHEEL_PARTITIONS", Integer.toString(PARTITIONS));
    try {
      Map<UUID, String> policies = insertJobs(db, "http://127.0.0.1:" + receiver.actualPort());

      Engine first = EngineFixture.start(db, env);
      Waits.until(
          () -> received.get() >= 2L * JOBS,
          Duration.ofSeconds(60),
          () -> "the first engine fired only " + received.get());
      first.stop().await();
      Map<Integer, Long> marks = marks(db);

      // Down for about 16 s, and back 1 s after a multiple of 5, so no scheduled second falls
      // between the restart and the new engine's first live second.
      long downUntil = Instant.now().getEpochSecond() + 16;
      long restartSecond = downUntil + Math.floorMod(1 - downUntil, EVERY_SECONDS);
      Thread.sleep(Math.max(0, restartSecond * 1000 - System.currentTimeMillis()));
      Engine second = EngineFixture.start(db, env);
      long startedNanos = System.nanoTime();
      List<List<String>> last = new ArrayList<>();
      Waits.until(
          () -> {
            last.add(0, downtimeAccounted(db, marks, restartSecond, policies));
            return last.get(0).isEmpty();
          },
          Duration.ofSeconds(60),
          () ->
              last.get(0).size()
                  + " job(s) with their downtime not accounted for, e.g. "
                  + last.get(0).stream().limit(5).toList());
      long accountedAfterMs = (System.nanoTime() - startedNanos) / 1_000_000;
      second.stop().await();

      List<String> problems = downtimeAccounted(db, marks, restartSecond, policies);
      long minMark = marks.values().stream().mapToLong(Long::longValue).min().orElseThrow();
      long downtimeRows =
          PostgresFixture.get()
              .queryLong(
                  db,
                  "SELECT count(*) FROM executions WHERE scheduled_at > to_timestamp("
                      + minMark
                      + ") AND scheduled_at < to_timestamp("
                      + restartSecond
                      + ")");
      long missed =
          PostgresFixture.get()
              .queryLong(db, "SELECT count(*) FROM executions WHERE status = 'MISSED'");
      log.info(
          "restart at scale: {} jobs in {} partitions, marks {}, restart at {}: downtime of all"
              + " jobs accounted for {} ms after the restart call ({} rows in the downtime, {}"
              + " MISSED); {} job(s) not accounted for",
          JOBS,
          PARTITIONS,
          marks,
          Instant.ofEpochSecond(restartSecond),
          accountedAfterMs,
          downtimeRows,
          missed,
          problems.size());
      assertThat(downtimeRows).isPositive();
      assertThat(problems).as("jobs whose downtime is not accounted for").isEmpty();
    } finally {
      vertx.close().await();
    }
  }

  /** Inserts the jobs as a stored engine would have them; returns each job's misfire policy. */
  private static Map<UUID, String> insertJobs(PgConnectOptions db, String baseUrl)
      throws Exception {
    Map<UUID, String> policies = new HashMap<>();
    StoredJobs.insert(
            db,
            PARTITIONS,
            JOBS,
            i -> {
              String policy = POLICIES[i % POLICIES.length];
              return new StoredJobs.Spec(
                  "scale-" + i, "*/5 * * * * *", "AT_LEAST_ONCE", policy, baseUrl + "/" + policy);
            })
        .forEach((id, job) -> policies.put(id, job.misfirePolicy()));
    return policies;
  }

  private static Map<Integer, Long> marks(PgConnectOptions db) throws Exception {
    Map<Integer, Long> marks = new HashMap<>();
    try (Connection c = PostgresFixture.get().connect(db);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT partition, extract(epoch FROM dispatched_through)::bigint FROM"
                    + " partition_progress")) {
      while (rs.next()) {
        marks.put(rs.getInt(1), rs.getLong(2));
      }
    }
    assertThat(marks).as("every partition saved its progress on stop").hasSize(PARTITIONS);
    return marks;
  }

  /**
   * Checks every job's downtime seconds (after its partition's mark, before the restart) against
   * its policy; returns one line per job that does not match.
   */
  private static List<String> downtimeAccounted(
      PgConnectOptions db,
      Map<Integer, Long> marks,
      long restartSecond,
      Map<UUID, String> policies) {
    Partitioner partitioner = new Partitioner(PARTITIONS);
    long earliest = marks.values().stream().mapToLong(Long::longValue).min().orElseThrow();
    Map<UUID, Map<Long, String>> rows = new HashMap<>();
    try (Connection c = PostgresFixture.get().connect(db);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT job_id, extract(epoch FROM scheduled_at)::bigint, status FROM executions"
                    + " WHERE scheduled_at > to_timestamp(?) AND scheduled_at < to_timestamp(?)")) {
      s.setLong(1, earliest);
      s.setLong(2, restartSecond);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          rows.computeIfAbsent(rs.getObject(1, UUID.class), k -> new HashMap<>())
              .put(rs.getLong(2), rs.getString(3));
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    List<String> problems = new ArrayList<>();
    for (Map.Entry<UUID, String> job : policies.entrySet()) {
      long mark = marks.get(partitioner.partitionOf(job.getKey()));
      List<Long> downtime = new ArrayList<>();
      for (long s = (mark / EVERY_SECONDS + 1) * EVERY_SECONDS;
          s < restartSecond;
          s += EVERY_SECONDS) {
        downtime.add(s);
      }
      Map<Long, String> found = rows.getOrDefault(job.getKey(), Map.of());
      for (int i = 0; i < downtime.size(); i++) {
        long s = downtime.get(i);
        boolean last = i == downtime.size() - 1;
        String expected =
            switch (job.getValue()) {
              case "FIRE_ALL" -> "SUCCEEDED";
              case "SKIP" -> "MISSED";
              default -> last ? "SUCCEEDED" : "MISSED";
            };
        if (!expected.equals(found.get(s))) {
          problems.add(job.getValue() + " job " + job.getKey() + " at " + s + ": " + found.get(s));
          break;
        }
      }
    }
    return problems;
  }
}
