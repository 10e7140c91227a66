package io.cronwheel.guarantees;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.support.Api;
import io.cronwheel.support.EngineProcess;
import io.cronwheel.support.PostgresFixture;
import io.cronwheel.support.SmallHttpReceiver;
import io.cronwheel.support.SmallHttpReceiver.Reply;
import io.cronwheel.support.SmallHttpReceiver.Request;
import io.cronwheel.support.Waits;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Promise 4 under its hostile fault: the jobs aim at a small HTTP/1.1 server with a listen backlog
 * of 5 (Python's {@code http.server}). The engine is killed with SIGKILL and restarted, which
 * re-sends the unfinished executions all at once. The engine must not knock the target over: no
 * execution fails because a circuit opened, none times out, no at-least-once second before the kill
 * is lost and no at-most-once second is sent twice; retries and Retry-After still work afterwards.
 */
class SmallTargetIT {
  private static final Logger log = LoggerFactory.getLogger(SmallTargetIT.class);
  private static final int ALO_JOBS = 100;
  private static final int AMO_JOBS = 100;

  @Test
  void restartBurst_againstASmallBacklogTarget_loosesNothingAndOpensNoCircuit() throws Exception {
    PgConnectOptions db = PostgresFixture.get().newDatabase();
    Map<String, Integer> retryAttempts = new ConcurrentHashMap<>();
    try (SmallHttpReceiver receiver = SmallHttpReceiver.start(5)) {
      receiver.respond(
          request -> {
            if (request.path().startsWith("/retry")) {
              int attempt =
                  retryAttempts.merge(request.header("X-Cronwheel-Execution-Id"), 1, Integer::sum);
              return attempt == 1 ? new Reply(503, Map.of("Retry-After", "1")) : Reply.ok();
            }
            return Reply.ok();
          });
      long killedAt;
      try (EngineProcess first = EngineProcess.start(db, Map.of())) {
        Api api = first.api();
        for (int i = 0; i < ALO_JOBS; i++) {
          api.post(
              "/api/v1/jobs",
              DatabaseOutageIT.job("alo-" + i, "AT_LEAST_ONCE", receiver.url("/alo")).encode());
        }
        for (int i = 0; i < AMO_JOBS; i++) {
          api.post(
              "/api/v1/jobs",
              DatabaseOutageIT.job("amo-" + i, "AT_MOST_ONCE", receiver.url("/amo")).encode());
        }
        Waits.until(
            () -> receiver.received().size() >= (ALO_JOBS + AMO_JOBS) * 5,
            Duration.ofSeconds(30),
            () -> "only " + receiver.received().size() + " requests");
        killedAt = System.currentTimeMillis();
        first.kill();
      }
      Thread.sleep(3000);
      try (EngineProcess second = EngineProcess.start(db, Map.of())) {
        Api api = second.api();
        long restartedAt = System.currentTimeMillis();
        List<String> retryJobs = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
          JsonObject job =
              DatabaseOutageIT.job("retry-" + i, "AT_LEAST_ONCE", receiver.url("/retry"))
                  .put("schedule", "0 0 0 1 1 *");
          retryJobs.add(api.post("/api/v1/jobs", job.encode()).json().getString("id"));
        }
        retryJobs.forEach(id -> api.post("/api/v1/jobs/" + id + "/trigger", "{}"));
        Waits.until(
            () ->
                receiver.received().stream().filter(r -> r.atMillis() > restartedAt).count()
                        >= (ALO_JOBS + AMO_JOBS) * 8L
                    && retryAttempts.values().stream().filter(n -> n >= 2).count() == 3,
            Duration.ofSeconds(45),
            () -> "after the restart: " + retryAttempts);
        assertThat(second.terminate(Duration.ofSeconds(60))).as("exit code after SIGTERM").isZero();
      }

      long lastSecondBeforeKill = Math.floorDiv(killedAt, 1000) - 1;
      Map<String, NavigableSet<Long>> aloSeconds = new HashMap<>();
      for (Request r : receiver.received()) {
        if (r.path().equals("/alo")) {
          aloSeconds
              .computeIfAbsent(r.header("X-Cronwheel-Job-Id"), k -> new TreeSet<>())
              .add(Instant.parse(r.header("X-Cronwheel-Scheduled-At")).getEpochSecond());
        }
      }
      int lost = 0;
      int checked = 0;
      for (NavigableSet<Long> seconds : aloSeconds.values()) {
        for (long s = seconds.first(); s <= lastSecondBeforeKill; s++) {
          checked++;
          lost += seconds.contains(s) ? 0 : 1;
        }
      }
      List<String> amoKeys =
          receiver.received().stream()
              .filter(r -> r.path().equals("/amo"))
              .map(r -> r.header("Idempotency-Key"))
              .toList();
      long circuitOpen = count(db, "error LIKE '%circuit open%'");
      long timedOut = count(db, "error LIKE '%timeout%' OR error LIKE '%no connection%'");
      long failedAlo =
          PostgresFixture.get()
              .queryLong(
                  db,
                  "SELECT count(*) FROM executions e JOIN jobs j ON j.id = e.job_id WHERE"
                      + " j.execution_type = 'AT_LEAST_ONCE' AND e.status = 'FAILED'");
      log.info(
          "small target (backlog 5): {} connections accepted, at most {} open; {} at-least-once"
              + " seconds checked before the kill, {} lost; {} at-most-once fires, {} duplicates;"
              + " executions failed by an open circuit {}, timed out {}, at-least-once failed {};"
              + " retries {}",
          receiver.connectionsAccepted(),
          receiver.maxOpenConnections(),
          checked,
          lost,
          amoKeys.size(),
          amoKeys.size() - Set.copyOf(amoKeys).size(),
          circuitOpen,
          timedOut,
          failedAlo,
          retryAttempts);
      assertThat(aloSeconds).hasSize(ALO_JOBS);
      assertThat(lost).as("at-least-once seconds before the kill never received").isZero();
      assertThat(amoKeys).as("at-most-once seconds received twice").doesNotHaveDuplicates();
      assertThat(circuitOpen).as("executions refused by an open circuit").isZero();
      assertThat(timedOut).as("executions that timed out or got no connection").isZero();
      assertThat(failedAlo).as("at-least-once executions that failed").isZero();
      assertThat(retryAttempts.values())
          .as("Retry-After honoured after the restart")
          .allMatch(n -> n >= 2);
    }
  }

  private static long count(PgConnectOptions db, String where) {
    return PostgresFixture.get().queryLong(db, "SELECT count(*) FROM executions WHERE " + where);
  }
}
