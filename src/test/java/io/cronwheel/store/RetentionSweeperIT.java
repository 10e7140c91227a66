package io.cronwheel.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.support.ManualClock;
import io.cronwheel.support.PostgresFixture;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Execution history stays bounded: old final rows go; unfinished and recent ones stay. */
class RetentionSweeperIT {
  @Test
  void sweep_deletesOnlyFinishedExecutionsOlderThanTheRetention() throws Exception {
    PgConnectOptions db = PostgresFixture.get().newDatabase();
    Instant now = Instant.parse("2026-06-01T12:00:00Z");
    try (Connection c =
            DriverManager.getConnection(
                PostgresFixture.get().jdbcUrl(db.getDatabase()), db.getUser(), db.getPassword());
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO executions (id, job_id, scheduled_at, status, attempts, trigger_kind, updated_at) "
              + "SELECT gen_random_uuid(), gen_random_uuid(), timestamptz '2026-05-20T00:00:00Z' + g * interval '1 s', "
              + "'SUCCEEDED', 1, 'SCHEDULED', now() FROM generate_series(1, 25000) g");
      s.execute(
          "INSERT INTO executions (id, job_id, scheduled_at, status, attempts, trigger_kind, updated_at) "
              + "VALUES (gen_random_uuid(), gen_random_uuid(), '2026-05-20T00:00:00Z', 'CLAIMED', 0, 'SCHEDULED', now()), "
              + "(gen_random_uuid(), gen_random_uuid(), '2026-05-31T13:00:00Z', 'FAILED', 3, 'SCHEDULED', now())");
    }
    Vertx vertx = Vertx.vertx();
    Pool pool = PgBuilder.pool().connectingTo(db).using(vertx).build();
    try {
      RetentionSweeper sweeper =
          new RetentionSweeper(
              "execution(s)",
              new PgExecutionStore(pool)::deleteFinishedBefore,
              Duration.ofDays(7),
              new ManualClock(now));
      assertThat(sweeper.sweep().await()).isEqualTo(25_000);
    } finally {
      pool.close().await();
      vertx.close().await();
    }
    assertThat(
            PostgresFixture.get()
                .queryLong(db, "SELECT count(*) FROM executions WHERE status = 'CLAIMED'"))
        .as("unfinished rows are kept for recovery")
        .isEqualTo(1);
    assertThat(
            PostgresFixture.get()
                .queryLong(db, "SELECT count(*) FROM executions WHERE status = 'FAILED'"))
        .as("recent rows are kept")
        .isEqualTo(1);
  }
}
