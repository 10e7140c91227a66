package io.cronwheel.guarantees;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.Engine;
import io.cronwheel.support.Api;
import io.cronwheel.support.EngineFixture;
import io.cronwheel.support.ExecutionChecks;
import io.cronwheel.support.PostgresFixture;
import io.cronwheel.support.RecordingReceiver;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Promise 1, by counting (as db-scheduler's cluster tests do): a second engine joins one that is
 * firing at-most-once jobs, and partitions move to it while seconds fire; the fenced claims and the
 * hand-over must let exactly one of them send each second.
 */
class TwoEnginesIT {
  private static final Logger log = LoggerFactory.getLogger(TwoEnginesIT.class);
  private static final int JOBS = 100;

  @Test
  void twoEnginesOnOneDatabase_sendEachAtMostOnceSecondOnce() throws Exception {
    PgConnectOptions db = PostgresFixture.get().newDatabase();
    try (RecordingReceiver receiver = RecordingReceiver.start()) {
      Engine first = EngineFixture.start(db);
      Engine second = null;
      try {
        Api api = new Api(first.port());
        for (int i = 0; i < JOBS; i++) {
          api.post(
              "/api/v1/jobs",
              DatabaseOutageIT.job("twin-" + i, "AT_MOST_ONCE", receiver.url("/amo")).encode());
        }
        second =
            EngineFixture.start(db); // loads the same jobs: both engines now schedule all of them
        int before = receiver.received().size();
        receiver.awaitCount(r -> true, before + JOBS * 8, Duration.ofSeconds(30));
      } finally {
        first.stop().await();
        if (second != null) {
          second.stop().await();
        }
      }
      List<String> keys =
          receiver.received().stream().map(r -> r.header("Idempotency-Key")).toList();
      long duplicates = (long) keys.size() - Set.copyOf(keys).size();
      long rows =
          PostgresFixture.get()
              .queryLong(db, "SELECT count(*) FROM executions WHERE status = 'SUCCEEDED'");
      log.info(
          "two engines: {} at-most-once fires, {} duplicates, {} rows",
          keys.size(),
          duplicates,
          rows);
      assertThat(duplicates).as("seconds sent by both engines").isZero();
      assertThat(rows).as("each sent second recorded once").isEqualTo(keys.size());
      assertThat(ExecutionChecks.unfinished(db)).isZero();
    }
  }
}
