package io.cronwheel.guarantees;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.support.Api;
import io.cronwheel.support.EngineProcess;
import io.cronwheel.support.ExecutionChecks;
import io.cronwheel.support.PostgresFixture;
import io.cronwheel.support.RecordingReceiver;
import io.cronwheel.support.RecordingReceiver.Received;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Promises 1, 2 and 7 with real processes: the engine is killed with SIGKILL while firing hundreds
 * of jobs per second, restarted on the same database, then stopped with SIGTERM. Counted at the
 * receiver and in PostgreSQL.
 */
class KillAndRestartIT {
  private static final Logger log = LoggerFactory.getLogger(KillAndRestartIT.class);
  private static final int ALO_JOBS = 150;
  private static final int AMO_JOBS = 100;

  @Test
  void killDuringFiring_losesNoAtLeastOnceSecondAndDuplicatesNoAtMostOnceSecond() throws Exception {
    PgConnectOptions db = PostgresFixture.get().newDatabase();
    try (RecordingReceiver receiver = RecordingReceiver.start()) {
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
        receiver.awaitCount(r -> true, (ALO_JOBS + AMO_JOBS) * 5, Duration.ofSeconds(30));
        killedAt = System.currentTimeMillis();
        first.kill();
      }
      Instant restartedAt;
      try (EngineProcess second = EngineProcess.start(db, Map.of())) {
        restartedAt = Instant.now();
        receiver.awaitCount(
            r -> r.receivedAtMillis() > restartedAt.toEpochMilli(),
            (ALO_JOBS + AMO_JOBS) * 3,
            Duration.ofSeconds(30));
        assertThat(second.terminate(Duration.ofSeconds(60))).as("exit code after SIGTERM").isZero();
        assertThat(second.log()).contains("settled").contains("stopped cleanly");
      }

      long lastSecondBeforeKill = Math.floorDiv(killedAt, 1000) - 1;
      int lost = 0;
      int checked = 0;
      Map<String, NavigableSet<Long>> aloSeconds =
          secondsByJob(receiver.received(r -> r.path().equals("/alo")));
      for (NavigableSet<Long> seconds : aloSeconds.values()) {
        for (long s = seconds.first(); s <= lastSecondBeforeKill; s++) {
          checked++;
          if (!seconds.contains(s)) {
            lost++;
          }
        }
      }
      List<String> amoKeys =
          receiver.received(r -> r.path().equals("/amo")).stream()
              .map(r -> r.header("Idempotency-Key"))
              .toList();
      long duplicates = (long) amoKeys.size() - Set.copyOf(amoKeys).size();
      long unfinished = ExecutionChecks.unfinished(db);
      log.info(
          "kill -9 window: {} at-least-once seconds checked, {} lost; {} at-most-once fires, {} duplicates; "
              + "{} unfinished rows",
          checked,
          lost,
          amoKeys.size(),
          duplicates,
          unfinished);
      assertThat(aloSeconds).hasSize(ALO_JOBS);
      assertThat(lost).as("at-least-once seconds before the kill never received").isZero();
      assertThat(duplicates).as("at-most-once seconds received twice").isZero();
      assertThat(unfinished).as("executions left claimed or running").isZero();
    }
  }

  private static Map<String, NavigableSet<Long>> secondsByJob(List<Received> received) {
    Map<String, NavigableSet<Long>> byJob = new HashMap<>();
    for (Received r : received) {
      long second = Instant.parse(r.header("X-Cronwheel-Scheduled-At")).getEpochSecond();
      byJob.computeIfAbsent(r.header("X-Cronwheel-Job-Id"), k -> new TreeSet<>()).add(second);
    }
    return byJob;
  }

  static Set<String> ids(List<Received> received) {
    return received.stream().map(r -> r.header("X-Cronwheel-Job-Id")).collect(Collectors.toSet());
  }
}
