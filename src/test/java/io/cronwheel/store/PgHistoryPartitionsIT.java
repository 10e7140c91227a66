package io.cronwheel.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cronwheel.support.PostgresFixture;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The executions table's partitions on a real PostgreSQL: the migration keeps old rows, partitions
 * are created ahead and expired ones dropped whole, and one node at a time does it.
 */
class PgHistoryPartitionsIT {
  private static final String ROW =
      "INSERT INTO executions (id, job_id, scheduled_at, status, attempts, trigger_kind, updated_at) "
          + "VALUES (gen_random_uuid(), gen_random_uuid(), '%s', 'SUCCEEDED', 1, 'SCHEDULED', now())";

  private final PostgresFixture pg = PostgresFixture.get();
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void theMigration_keepsExistingRowsAsOnePartition_droppedWholeOnceAllOfItExpired()
      throws Exception {
    PgConnectOptions db = pg.newEmptyDatabase();
    Flyway.configure()
        .dataSource(pg.jdbcUrl(db.getDatabase()), db.getUser(), db.getPassword())
        .target("9")
        .load()
        .migrate();
    pg.execute(
        db,
        "INSERT INTO executions (id, job_id, scheduled_at, status, attempts, trigger_kind, updated_at) "
            + "SELECT gen_random_uuid(), gen_random_uuid(), now() - g * interval '1 s', 'SUCCEEDED', 1, "
            + "'SCHEDULED', now() FROM generate_series(1, 5000) g");
    Flyway.configure()
        .dataSource(pg.jdbcUrl(db.getDatabase()), db.getUser(), db.getPassword())
        .load()
        .migrate();

    assertThat(pg.queryLong(db, "SELECT count(*) FROM executions")).isEqualTo(5000);
    assertThat(pg.queryLong(db, "SELECT count(*) FROM executions_legacy")).isEqualTo(5000);
    assertThat(pg.queryString(db, "SELECT relkind FROM pg_class WHERE relname = 'executions'"))
        .isEqualTo("p");

    Instant now = Instant.now();
    PgHistoryPartitions upkeep = upkeep(db, Duration.ofHours(1), Duration.ofDays(1));
    var first = upkeep.maintain(now).await();
    assertThat(first.created()).isNotEmpty();
    assertThat(first.dropped()).isEmpty();
    pg.execute(db, ROW.formatted(now.plusSeconds(60)));
    assertThat(pg.queryLong(db, "SELECT count(*) FROM executions_default")).isZero();

    var dayLater = upkeep.maintain(now.plus(Duration.ofDays(1)).plusSeconds(3 * 3600)).await();
    assertThat(dayLater.dropped()).contains("executions_legacy");
    assertThat(
            pg.queryLong(db, "SELECT count(*) FROM pg_class WHERE relname = 'executions_legacy'"))
        .isZero();
  }

  @Test
  void aFreshDatabase_hasNoLegacyTable_andRowsBeforeTheFirstRunWaitInTheDefaultPartition() {
    PgConnectOptions db = pg.newDatabase();
    assertThat(
            pg.queryLong(db, "SELECT count(*) FROM pg_class WHERE relname = 'executions_legacy'"))
        .isZero();
    Instant now = Instant.parse("2026-12-05T14:20:00Z");
    pg.execute(db, ROW.formatted("2026-12-05T14:21:00Z"));
    pg.execute(db, ROW.formatted("2026-12-05T13:00:00Z"));
    assertThat(pg.queryLong(db, "SELECT count(*) FROM executions_default")).isEqualTo(2);

    var outcome = upkeep(db, Duration.ofMinutes(5), Duration.ofMinutes(15)).maintain(now).await();

    assertThat(outcome.ran()).isTrue();
    assertThat(outcome.created()).startsWith("executions_20261205_1420");
    assertThat(pg.queryLong(db, "SELECT count(*) FROM executions_20261205_1420"))
        .as("the row the default partition caught moved into its partition")
        .isEqualTo(1);
    assertThat(pg.queryLong(db, "SELECT count(*) FROM executions_default"))
        .as("the row before every partition stays in the default one")
        .isEqualTo(1);
    assertThat(pg.queryLong(db, "SELECT count(*) FROM executions")).isEqualTo(2);
  }

  @Test
  void expiredPartitions_areDroppedWhole_andTheRecentOnesKept() {
    PgConnectOptions db = pg.newDatabase();
    Instant start = Instant.parse("2026-12-05T14:00:00Z");
    PgHistoryPartitions upkeep = upkeep(db, Duration.ofMinutes(5), Duration.ofMinutes(15));
    upkeep.maintain(start).await();
    for (int minute = 0; minute < 60; minute++) {
      Instant t = start.plusSeconds(60L * minute);
      upkeep.maintain(t).await();
      pg.execute(db, ROW.formatted(t));
    }
    Instant end = start.plusSeconds(3600);
    var outcome = upkeep.maintain(end).await();
    assertThat(outcome.dropped()).isNotEmpty();
    assertThat(pg.queryLong(db, "SELECT count(*) FROM executions"))
        .as("the rows of the last 15 minutes, up to one interval more")
        .isBetween(15L, 20L);
    assertThat(
            pg.queryLong(
                db,
                "SELECT count(*) FROM executions WHERE scheduled_at >= timestamptz '"
                    + end.minusSeconds(900)
                    + "'"))
        .isEqualTo(15);
    assertThat(
            pg.queryLong(
                db, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'executions'::regclass"))
        .as("default + partitions within retention and ahead: 5-minute ranges for ~50 minutes")
        .isLessThanOrEqualTo(12);
  }

  @Test
  void oneNodeAtATime_theOtherSkipsItsRun() throws Exception {
    PgConnectOptions db = pg.newDatabase();
    try (Connection holder = pg.connect(db);
        Statement s = holder.createStatement()) {
      s.execute("SELECT pg_advisory_lock(" + PgHistoryPartitions.LOCK_KEY + ")");
      var skipped =
          upkeep(db, Duration.ofHours(1), Duration.ofDays(1)).maintain(Instant.now()).await();
      assertThat(skipped.ran()).isFalse();
      assertThat(skipped.created()).isEmpty();
    }
    var ran = upkeep(db, Duration.ofHours(1), Duration.ofDays(1)).maintain(Instant.now()).await();
    assertThat(ran.ran()).isTrue();
  }

  @Test
  void aLockItCannotGet_failsTheRunWithinTheLockTimeout_insteadOfQueueingWriters()
      throws Exception {
    PgConnectOptions db = pg.newDatabase();
    try (Connection holder = pg.connect(db);
        Statement s = holder.createStatement()) {
      holder.setAutoCommit(false);
      // Attaching needs the default partition exclusively; a long reader holds it.
      s.execute("LOCK TABLE executions_default IN ACCESS SHARE MODE");
      long began = System.nanoTime();
      assertThatThrownBy(
              () ->
                  upkeep(db, Duration.ofHours(1), Duration.ofDays(1))
                      .maintain(Instant.now())
                      .await())
          .hasMessageContaining("lock timeout");
      assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(30));
      holder.rollback();
    }
    assertThat(
            pg.queryLong(
                db, "SELECT count(*) FROM pg_inherits WHERE inhparent = 'executions'::regclass"))
        .as("nothing half-made: only the default partition")
        .isEqualTo(1);
    assertThat(pg.queryLong(db, "SELECT count(*) FROM pg_class WHERE relname LIKE 'executions_2%'"))
        .isZero();
  }

  private PgHistoryPartitions upkeep(PgConnectOptions db, Duration interval, Duration retention) {
    return new PgHistoryPartitions(vertx, db, new HistoryPartitions(interval, retention));
  }
}
