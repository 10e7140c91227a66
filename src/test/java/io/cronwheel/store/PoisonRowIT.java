package io.cronwheel.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.metrics.EngineEvents;
import io.cronwheel.model.Execution;
import io.cronwheel.model.ExecutionStatus;
import io.cronwheel.model.Trigger;
import io.cronwheel.support.PostgresFixture;
import io.cronwheel.support.Waits;
import io.cronwheel.time.SystemClock;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 9: one bad row must not stop all recording. A real {@link ExecutionBatcher} on its own
 * event loop writes through the real {@link PgExecutionStore} into a real PostgreSQL, in batches of
 * the default 2,000 rows; among thousands of good records are rows PostgreSQL refuses (a NUL in a
 * text: 22021), two executions under one key (a manual trigger on a scheduled second: 21000 in one
 * statement), a record repeated, and a row locked by another transaction (55P03, transient).
 */
class PoisonRowIT {
  private static final Logger log = LoggerFactory.getLogger(PoisonRowIT.class);
  private static final int ROWS = 20_000;
  private static final Duration PROMPTLY = Duration.ofSeconds(15);

  /**
   * Enough rows that writing them only while a failing batch's retry is in flight (20 ms of lock
   * wait every second) would take far longer than {@link #NEWER_PROMPTLY}; the database takes them
   * in about 2 s.
   */
  private static final int NEWER_ROWS = 100_000;

  private static final Duration NEWER_PROMPTLY = Duration.ofSeconds(10);
  private static final Instant SECOND = Instant.parse("2026-06-01T12:00:00Z");

  private final Events events = new Events();
  private PgConnectOptions db;
  private Vertx vertx;
  private Pool pool;
  private PgExecutionStore store;
  private ExecutionBatcher batcher;

  /** What the batcher tells, counted from its loop and read by the test thread. */
  private static final class Events implements EngineEvents {
    final AtomicInteger statementsWritten = new AtomicInteger();
    final AtomicInteger statementsFailed = new AtomicInteger();
    final AtomicInteger setAside = new AtomicInteger();
    final AtomicInteger lost = new AtomicInteger();
    final AtomicInteger unexpected = new AtomicInteger();

    @Override
    public void batchWritten(int rows, long elapsedNanos) {
      statementsWritten.incrementAndGet();
    }

    @Override
    public void batchFailed(int rows, Throwable error) {
      statementsFailed.incrementAndGet();
    }

    @Override
    public void recordsPoisoned(int count, boolean kept) {
      (kept ? setAside : lost).addAndGet(count);
    }

    @Override
    public void unexpected(String where, Throwable error) {
      unexpected.incrementAndGet();
    }
  }

  @BeforeEach
  void startBatcher() {
    db = PostgresFixture.get().newDatabase();
    sql("ALTER DATABASE " + db.getDatabase() + " SET lock_timeout = '20ms'");
    vertx = Vertx.vertx();
    pool = PgBuilder.pool().connectingTo(db).using(vertx).build();
    store = new PgExecutionStore(pool);
    batcher =
        new ExecutionBatcher(
            store,
            events,
            new BatchSettings(2000, Duration.ofMillis(20), 1 << 17),
            SystemClock.INSTANCE);
    vertx.deployVerticle(new ExecutionBatcherVerticle(batcher, Duration.ofSeconds(30))).await();
  }

  @AfterEach
  void stopBatcher() throws Exception {
    // On a batcher that never writes everything, stopping would wait forever.
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void poisonRows_areSetAsideWhileEveryOtherRecordIsWrittenPromptly() {
    long cleanMs = recordAndWait(rows(ROWS), ROWS);

    List<Execution> rows = rows(ROWS);
    Execution poison = with(rows.get(ROWS / 2), "bad\u0000byte from a receiver");
    rows.set(ROWS / 2, poison);
    Execution scheduled = rows.get(ROWS / 4);
    Execution manual =
        new Execution(
            UUID.randomUUID(),
            scheduled.jobId(),
            scheduled.scheduledAt(),
            SECOND,
            0L,
            ExecutionStatus.SUCCEEDED,
            200,
            1L,
            1,
            "manual on the scheduled key",
            Trigger.MANUAL);
    rows.add(ROWS / 4 + 1, manual);
    int failedBefore = events.statementsFailed.get();
    int writtenBefore = events.statementsWritten.get();
    long poisonMs = recordAndWait(rows, 2 * ROWS - 1);

    assertThat(count("SELECT count(*) FROM executions WHERE id = '" + poison.id() + "'")).isZero();
    assertThat(count("SELECT count(*) FROM execution_rejects")).isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM execution_rejects WHERE execution_id = '"
                    + poison.id()
                    + "' AND sqlstate = '22021' AND payload->>'error' = 'bad\\u0000byte from a receiver'"))
        .as("the refused record is kept as it was, its NUL shown as \\u0000")
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count(*) FROM executions WHERE job_id = '"
                    + scheduled.jobId()
                    + "' AND id = '"
                    + scheduled.id()
                    + "'"))
        .as("the execution that took the key first keeps it")
        .isEqualTo(1);
    List<StoredReject> listed = store.rejects(10, null).await();
    assertThat(listed).extracting(StoredReject::executionId).containsExactly(poison.id());
    assertThat(events.setAside.get()).isEqualTo(1);
    assertThat(events.lost.get()).isZero();

    List<Execution> after = rows(1000);
    Execution repeated = after.get(0);
    after.add(1, with(repeated, "newer record of the same execution"));
    long afterMs = recordAndWait(after, 2 * ROWS - 1 + 1000);
    assertThat(
            count(
                "SELECT count(*) FROM executions WHERE id = '"
                    + repeated.id()
                    + "' AND error = 'newer record of the same execution'"))
        .as("of two records of one execution in a batch, the newer is kept")
        .isEqualTo(1);
    assertThat(events.unexpected.get()).isZero();
    log.info(
        "{} rows: {} ms without a poison row; with a NUL row and a key shared by two executions,"
            + " {} ms for the other {} rows, {} statement(s) written and {} refused, 1 row set"
            + " aside; 1,000 more rows after it in {} ms",
        ROWS,
        cleanMs,
        poisonMs,
        ROWS - 1,
        events.statementsWritten.get() - writtenBefore,
        events.statementsFailed.get() - failedBefore,
        afterMs);
  }

  @Test
  void lockedRow_itsBatchIsRetriedWhileNewerRecordsAreWritten() throws Exception {
    Execution locked = rows(1).get(0);
    try (Connection holder = jdbc()) {
      holder.setAutoCommit(false);
      try (Statement s = holder.createStatement()) {
        s.execute(
            "INSERT INTO executions (id, job_id, scheduled_at, status, attempts, trigger_kind, updated_at)"
                + " VALUES ('"
                + locked.id()
                + "', '"
                + locked.jobId()
                + "', '"
                + locked.scheduledAt()
                + "', 'CLAIMED', 0, 'SCHEDULED', now())");
        holder.commit();
        s.executeQuery("SELECT 1 FROM executions WHERE id = '" + locked.id() + "' FOR UPDATE")
            .close();
      }
      batcher.record(locked);
      Waits.until(
          () -> events.statementsFailed.get() > 0,
          PROMPTLY,
          () -> "the statement waiting on the lock never timed out");

      long start = System.nanoTime();
      List<Execution> newer = rows(NEWER_ROWS);
      newer.forEach(batcher::record);
      Waits.until(
          () -> skippedRows() == NEWER_ROWS,
          NEWER_PROMPTLY,
          () -> "newer rows written while one batch waits for its retry: " + skippedRows());
      long newerMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(count("SELECT count(*) FROM executions WHERE status = 'CLAIMED'")).isEqualTo(1);
      assertThat(batcher.backlog()).as("the locked row waits for a retry").isEqualTo(1);

      long released = System.nanoTime();
      holder.rollback();
      Waits.until(
          () -> batcher.backlog() == 0 && skippedRows() == NEWER_ROWS + 1,
          PROMPTLY,
          () -> "backlog " + batcher.backlog() + ", rows " + skippedRows());
      log.info(
          "a row locked by another transaction (55P03 after 20 ms): {} newer rows written in {} ms"
              + " meanwhile; the locked row written {} ms after the lock went, after {} failed"
              + " statement(s)",
          NEWER_ROWS,
          newerMs,
          (System.nanoTime() - released) / 1_000_000,
          events.statementsFailed.get());
    }
    assertThat(count("SELECT count(*) FROM execution_rejects"))
        .as("a lock is not a poison")
        .isZero();
    assertThat(events.unexpected.get()).isZero();
  }

  private long skippedRows() {
    return count("SELECT count(*) FROM executions WHERE status = 'SKIPPED'");
  }

  private long recordAndWait(List<Execution> rows, long expectedTotal) {
    long start = System.nanoTime();
    rows.forEach(batcher::record);
    Waits.until(
        () -> finalRows() >= expectedTotal && batcher.backlog() == 0,
        PROMPTLY,
        () ->
            "rows written "
                + finalRows()
                + " of "
                + expectedTotal
                + ", backlog "
                + batcher.backlog());
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static List<Execution> rows(int n) {
    List<Execution> rows = new ArrayList<>(n + 2);
    for (int i = 0; i < n; i++) {
      rows.add(
          Execution.notSent(
              UUID.randomUUID(),
              UUID.randomUUID(),
              SECOND,
              Trigger.SCHEDULED,
              ExecutionStatus.SKIPPED,
              "row " + i));
    }
    return rows;
  }

  private static Execution with(Execution e, String error) {
    return Execution.notSent(e.id(), e.jobId(), e.scheduledAt(), e.trigger(), e.status(), error);
  }

  private long finalRows() {
    return count("SELECT count(*) FROM executions WHERE status <> 'CLAIMED'");
  }

  private long count(String query) {
    return PostgresFixture.get().queryLong(db, query);
  }

  private Connection jdbc() throws SQLException {
    return DriverManager.getConnection(
        PostgresFixture.get().jdbcUrl(db.getDatabase()), db.getUser(), db.getPassword());
  }

  private void sql(String statement) {
    try (Connection c = jdbc();
        Statement s = c.createStatement()) {
      s.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(statement, e);
    }
  }
}
