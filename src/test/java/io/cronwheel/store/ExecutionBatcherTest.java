package io.cronwheel.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.metrics.EngineEvents;
import io.cronwheel.model.Execution;
import io.cronwheel.model.ExecutionStatus;
import io.cronwheel.model.Trigger;
import io.cronwheel.support.ManualClock;
import io.cronwheel.support.ManualTimers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The record batcher in virtual time, against an in-memory writer the test answers. */
class ExecutionBatcherTest {
  private static final Instant QUIET = Instant.parse("2026-01-01T00:00:00.500Z");
  private static final Instant SECOND = Instant.parse("2026-01-01T00:00:00Z");

  private final ManualClock clock = new ManualClock(QUIET);
  private final ManualTimers timers = new ManualTimers(clock);
  private final FakeWriter writer = new FakeWriter();
  private final CountingEvents events = new CountingEvents();

  /**
   * Like PostgreSQL: a statement with a key twice fails with 21000, a NUL in a text with 22021;
   * otherwise its rows are upserted into {@link #table} (the first execution to take a key keeps
   * it). {@link #failure} may fail a statement first; {@link #answerAtOnce} false leaves the answer
   * to the test.
   */
  private static final class FakeWriter implements ExecutionWriter {
    final List<List<Execution>> statements = new ArrayList<>();
    final Map<String, Execution> table = new LinkedHashMap<>();
    final List<ExecutionReject> setAside = new ArrayList<>();
    final List<Promise<Integer>> answers = new ArrayList<>();
    Function<List<Execution>, Throwable> failure = rows -> null;
    Throwable setAsideFailure;
    boolean answerAtOnce = true;

    @Override
    public Future<Integer> upsert(List<Execution> batch) {
      List<Execution> rows = List.copyOf(batch);
      statements.add(rows);
      Throwable failed = failure.apply(rows);
      if (failed == null) {
        failed = refusal(rows);
      }
      if (failed != null) {
        return Future.failedFuture(failed);
      }
      if (!answerAtOnce) {
        Promise<Integer> answer = Promise.promise();
        answers.add(answer);
        return answer.future().onSuccess(n -> apply(rows));
      }
      apply(rows);
      return Future.succeededFuture(rows.size());
    }

    @Override
    public Future<Integer> setAside(List<ExecutionReject> rejects) {
      if (setAsideFailure != null) {
        return Future.failedFuture(setAsideFailure);
      }
      setAside.addAll(rejects);
      return Future.succeededFuture(rejects.size());
    }

    private static Throwable refusal(List<Execution> rows) {
      Set<String> keys = new HashSet<>();
      for (Execution row : rows) {
        if (!keys.add(key(row))) {
          return pg("ON CONFLICT DO UPDATE command cannot affect row a second time", "21000");
        }
        if (row.error() != null && row.error().contains("\u0000")) {
          return pg("invalid byte sequence for encoding \"UTF8\": 0x00", "22021");
        }
      }
      return null;
    }

    private void apply(List<Execution> rows) {
      for (Execution row : rows) {
        Execution there = table.get(key(row));
        if (there == null || there.id().equals(row.id())) {
          table.put(key(row), row);
        }
      }
    }

    private static String key(Execution row) {
      return row.jobId() + "@" + row.scheduledAt();
    }
  }

  private static final class CountingEvents implements EngineEvents {
    int batchesWritten;
    int batchesFailed;
    int setAside;
    int lost;
    int unexpected;

    @Override
    public void batchWritten(int rows, long elapsedNanos) {
      batchesWritten++;
    }

    @Override
    public void batchFailed(int rows, Throwable error) {
      batchesFailed++;
    }

    @Override
    public void recordsPoisoned(int count, boolean kept) {
      if (kept) {
        setAside += count;
      } else {
        lost += count;
      }
    }

    @Override
    public void unexpected(String where, Throwable error) {
      unexpected++;
    }
  }

  private ExecutionBatcher batcher(int batchSize, int capacity) {
    ExecutionBatcher batcher =
        new ExecutionBatcher(
            writer, events, new BatchSettings(batchSize, Duration.ofMillis(50), capacity), clock);
    batcher.start(timers);
    return batcher;
  }

  private static PgException pg(String message, String sqlState) {
    return new PgException(message, "ERROR", sqlState, null);
  }

  private static Execution skipped() {
    return skipped(UUID.randomUUID(), UUID.randomUUID(), null);
  }

  private static Execution skipped(UUID id, UUID jobId, String reason) {
    return Execution.notSent(
        id,
        jobId,
        SECOND,
        Trigger.SCHEDULED,
        ExecutionStatus.SKIPPED,
        reason == null ? "test" : reason);
  }

  private static Execution poison() {
    return skipped(UUID.randomUUID(), UUID.randomUUID(), "bad\u0000byte");
  }

  private int rowsWritten() {
    return writer.statements.stream().mapToInt(List::size).sum();
  }

  @Test
  void record_writesPendingRowsOnTheNextIntervalInBatchesOfTheBatchSize() {
    ExecutionBatcher batcher = batcher(100, 1024);
    for (int i = 0; i < 250; i++) {
      assertThat(batcher.record(skipped())).isTrue();
    }
    assertThat(writer.statements).isEmpty();
    timers.advance(Duration.ofMillis(50));
    assertThat(writer.statements).extracting(List::size).containsExactly(100, 100, 50);
    assertThat(batcher.backlog()).isZero();
  }

  @Test
  void record_waitsOutTheTopOfSecondBurstUnlessTheBacklogIsLarge() {
    clock.set(Instant.parse("2026-01-01T00:00:01.000Z"));
    ExecutionBatcher batcher = batcher(100, 1 << 16);
    batcher.record(skipped());
    timers.advance(Duration.ofMillis(ExecutionBatcher.QUIET_MILLIS - 100));
    assertThat(writer.statements).as("inside the burst a small backlog waits").isEmpty();
    timers.advance(Duration.ofMillis(100));
    assertThat(rowsWritten()).isEqualTo(1);
  }

  @Test
  void record_refusesRowsWhenTheQueueIsFullAndSaysWhenToHoldBack() {
    writer.answerAtOnce = false;
    ExecutionBatcher batcher = batcher(100, 64);
    int accepted = 0;
    for (int i = 0; i < 100; i++) {
      accepted += batcher.record(skipped()) ? 1 : 0;
    }
    assertThat(accepted).isEqualTo(64);
    assertThat(batcher.hasRoom()).isFalse();
  }

  @Test
  void failedBatch_isKeptAndRetriedAfterTheRetryDelayUntilItIsWritten() {
    writer.failure = rows -> ClosedConnectionException.INSTANCE;
    ExecutionBatcher batcher = batcher(100, 1024);
    batcher.record(skipped());
    timers.advance(Duration.ofMillis(50));
    assertThat(writer.statements).hasSize(1);
    assertThat(batcher.backlog()).as("the failed row still counts as backlog").isEqualTo(1);

    writer.failure = rows -> null;
    timers.advance(ExecutionBatcher.RETRY_DELAY.minusMillis(60));
    assertThat(writer.statements).as("no retry before the retry delay").hasSize(1);
    timers.advance(Duration.ofMillis(100));
    assertThat(writer.statements).hasSize(2);
    assertThat(writer.statements.get(1)).isEqualTo(writer.statements.get(0));
    assertThat(batcher.backlog()).isZero();
  }

  @Test
  void batch_keepsOnlyTheNewestRecordOfAnExecution() {
    ExecutionBatcher batcher = batcher(100, 1024);
    UUID id = UUID.randomUUID();
    UUID job = UUID.randomUUID();
    batcher.record(skipped(id, job, "older"));
    batcher.record(skipped());
    batcher.record(skipped(id, job, "newer"));
    timers.advance(Duration.ofMillis(50));

    assertThat(writer.statements).hasSize(1);
    assertThat(writer.statements.get(0)).hasSize(2);
    assertThat(writer.statements.get(0).get(0).error()).isEqualTo("newer");
    assertThat(batcher.backlog()).isZero();
  }

  @Test
  void batch_writesTwoExecutionsOfOneKeyInStatementsOneAfterTheOther() {
    writer.answerAtOnce = false;
    ExecutionBatcher batcher = batcher(100, 1024);
    UUID job = UUID.randomUUID();
    Execution scheduled = skipped(UUID.randomUUID(), job, "scheduled");
    Execution manual = skipped(UUID.randomUUID(), job, "manual on the same key");
    batcher.record(scheduled);
    batcher.record(skipped());
    batcher.record(manual);
    timers.advance(Duration.ofMillis(50));
    assertThat(writer.statements).hasSize(1);
    assertThat(writer.statements.get(0)).hasSize(2).contains(scheduled).doesNotContain(manual);

    timers.advance(Duration.ofMillis(200));
    assertThat(writer.statements).as("the second waits for the first to end").hasSize(1);
    writer.answers.get(0).complete(2);
    timers.runPending();
    assertThat(writer.statements).hasSize(2);
    assertThat(writer.statements.get(1)).containsExactly(manual);
    writer.answers.get(1).complete(1);
    assertThat(batcher.backlog()).isZero();
    assertThat(writer.table.values()).as("the first to take the key keeps it").contains(scheduled);
    assertThat(events.batchesFailed).isZero();
  }

  @Test
  void refusedBatch_isSplitUntilThePoisonRowIsAloneAndEveryOtherRowIsWritten() {
    ExecutionBatcher batcher = batcher(2000, 1 << 16);
    List<Execution> good = IntStream.range(0, 1999).mapToObj(i -> skipped()).toList();
    Execution bad = poison();
    good.subList(0, 1234).forEach(batcher::record);
    batcher.record(bad);
    good.subList(1234, 1999).forEach(batcher::record);
    timers.advance(Duration.ofMillis(50));

    assertThat(writer.table.values()).containsExactlyInAnyOrderElementsOf(good);
    assertThat(writer.setAside).hasSize(1);
    ExecutionReject reject = writer.setAside.get(0);
    assertThat(reject.execution()).isEqualTo(bad);
    assertThat(reject.sqlState()).isEqualTo("22021");
    assertThat(writer.statements.size())
        .as("about two statements per halving")
        .isLessThanOrEqualTo(1 + 2 * 11);
    assertThat(events.batchesWritten + events.batchesFailed).isEqualTo(writer.statements.size());
    assertThat(events.setAside).isEqualTo(1);
    assertThat(batcher.backlog()).isZero();
    assertThat(events.unexpected).isZero();
  }

  @Test
  void refusedBatch_setsEachOfSeveralPoisonRowsAsideOnce() {
    ExecutionBatcher batcher = batcher(500, 1 << 16);
    List<Execution> bad = List.of(poison(), poison(), poison());
    for (int i = 0; i < 1000; i++) {
      batcher.record(i % 333 == 7 ? bad.get(i / 333) : skipped());
    }
    timers.advance(Duration.ofMillis(50));

    assertThat(writer.table).hasSize(997);
    assertThat(writer.setAside)
        .extracting(ExecutionReject::execution)
        .containsExactlyInAnyOrderElementsOf(bad);
    assertThat(batcher.backlog()).isZero();
  }

  @Test
  void refusedRowThatCannotBeSetAside_isLoggedCountedAndLetGo() {
    writer.setAsideFailure = pg("invalid byte sequence", "22021");
    ExecutionBatcher batcher = batcher(100, 1024);
    batcher.record(poison());
    batcher.record(skipped());
    Future<Void> flushed = batcher.flush();
    timers.advance(Duration.ofMillis(50));

    assertThat(writer.table).hasSize(1);
    assertThat(events.lost).isEqualTo(1);
    assertThat(events.setAside).isZero();
    assertThat(batcher.backlog()).isZero();
    assertThat(flushed.succeeded()).isTrue();
  }

  @Test
  void transientFailure_retriesTheBatchLaterWhileNewerRecordsAreWritten() {
    UUID slowJob = UUID.randomUUID();
    int[] timeouts = {5};
    writer.failure =
        rows ->
            rows.stream().anyMatch(r -> r.jobId().equals(slowJob)) && timeouts[0]-- > 0
                ? pg("canceling statement due to statement timeout", SqlStates.QUERY_CANCELED)
                : null;
    ExecutionBatcher batcher = batcher(100, 1024);
    Execution slow = skipped(UUID.randomUUID(), slowJob, null);
    batcher.record(slow);
    timers.advance(Duration.ofMillis(50));
    assertThat(writer.table).isEmpty();

    for (int second = 0; second < 10; second++) {
      Execution newer = skipped();
      batcher.record(newer);
      timers.advance(Duration.ofSeconds(1));
      assertThat(writer.table.values()).as("written while the failed batch waits").contains(newer);
    }
    assertThat(writer.table.values()).doesNotContain(slow);
    assertThat(batcher.backlog()).as("the failed row still waits").isEqualTo(1);

    timers.advance(Duration.ofSeconds(8));
    assertThat(writer.table.values()).contains(slow);
    assertThat(writer.setAside).as("a timeout is not the rows' fault").isEmpty();
    assertThat(batcher.backlog()).isZero();
  }

  @Test
  void databaseDown_oneStatementAtATimeWithGrowingDelaysThenEverythingIsWritten() {
    writer.failure = rows -> pg("terminating connection due to administrator command", "57P01");
    ExecutionBatcher batcher = batcher(100, 1 << 16);
    List<Execution> recorded = new ArrayList<>();
    for (int tick = 0; tick < 300; tick++) {
      for (int i = 0; i < 50; i++) {
        Execution e = skipped();
        recorded.add(e);
        batcher.record(e);
      }
      timers.advance(Duration.ofMillis(100));
    }
    assertThat(writer.statements.size())
        .as("30 s of outage: one attempt at a time, every 5 s at most once the delay is capped")
        .isBetween(5, 15);
    assertThat(batcher.backlog()).isEqualTo(recorded.size());

    writer.failure = rows -> null;
    Future<Void> flushed = batcher.flush();
    timers.advance(RetryGate.MAX_RETRY_DELAY);
    assertThat(flushed.succeeded()).isTrue();
    assertThat(writer.table.values()).containsExactlyInAnyOrderElementsOf(recorded);
    assertThat(batcher.backlog()).isZero();
  }

  @Test
  void statementLevelError_isRetriedAndNeverSetsRowsAside() {
    writer.failure = rows -> pg("relation \"executions\" does not exist", "42P01");
    ExecutionBatcher batcher = batcher(100, 1024);
    for (int i = 0; i < 10; i++) {
      batcher.record(skipped());
    }
    timers.advance(Duration.ofSeconds(3));
    assertThat(writer.setAside).isEmpty();
    assertThat(writer.statements).allSatisfy(rows -> assertThat(rows).hasSize(10));
    assertThat(batcher.backlog()).isEqualTo(10);

    writer.failure = rows -> null;
    timers.advance(RetryGate.MAX_RETRY_DELAY);
    assertThat(writer.table).hasSize(10);
  }

  @Test
  void backlog_countsRowsWaitingForRetryAndHoldsProducersBeforeTheQueueIsFull() {
    writer.failure = rows -> ClosedConnectionException.INSTANCE;
    ExecutionBatcher batcher = batcher(10, 64);
    for (int i = 0; i < 40; i++) {
      batcher.record(skipped());
    }
    timers.advance(Duration.ofSeconds(2));
    assertThat(batcher.backlog()).isEqualTo(40);
    assertThat(batcher.hasRoom()).isTrue();
    for (int i = 0; i < 8; i++) {
      batcher.record(skipped());
    }
    assertThat(batcher.backlog()).isEqualTo(48);
    assertThat(batcher.hasRoom()).as("retrying rows count against the capacity").isFalse();
  }

  @Test
  void rowsTakenFromTheQueue_neverExceedTheCapacity() {
    writer.failure = rows -> ClosedConnectionException.INSTANCE;
    ExecutionBatcher batcher = batcher(10, 32);
    int accepted = 0;
    for (int tick = 0; tick < 600; tick++) {
      accepted += batcher.record(skipped()) ? 1 : 0;
      timers.advance(Duration.ofMillis(100));
    }
    assertThat(accepted)
        .as("at most the queue's capacity queued and as many rows again waiting for a retry")
        .isGreaterThan(32)
        .isLessThanOrEqualTo(64);
    assertThat(batcher.backlog()).isEqualTo(accepted);
  }

  @Test
  void flush_completesOnlyOnceEverythingRecordedIsWritten() {
    writer.answerAtOnce = false;
    ExecutionBatcher batcher = batcher(100, 1024);
    batcher.record(skipped());
    batcher.record(skipped());
    Future<Void> flushed = batcher.flush();
    timers.runPending();
    assertThat(writer.statements).hasSize(1);
    assertThat(flushed.isComplete()).isFalse();

    writer.answers.get(0).complete(2);
    timers.runPending();
    assertThat(flushed.succeeded()).isTrue();
  }

  @Test
  void flush_waitsForRetriedAndSetAsideRows() {
    writer.failure = rows -> ClosedConnectionException.INSTANCE;
    ExecutionBatcher batcher = batcher(100, 1024);
    batcher.record(poison());
    batcher.record(skipped());
    Future<Void> flushed = batcher.flush();
    timers.advance(Duration.ofSeconds(3));
    assertThat(flushed.isComplete()).isFalse();

    writer.failure = rows -> null;
    timers.advance(RetryGate.MAX_RETRY_DELAY);
    assertThat(flushed.succeeded()).isTrue();
    assertThat(writer.table).hasSize(1);
    assertThat(writer.setAside).hasSize(1);
  }

  @Test
  void stop_writesWhatIsPendingAndStopsTheInterval() {
    ExecutionBatcher batcher = batcher(100, 1024);
    batcher.record(skipped());
    Future<Void> stopped = batcher.stop();
    timers.runPending();
    assertThat(stopped.succeeded()).isTrue();
    assertThat(rowsWritten()).isEqualTo(1);
    assertThat(timers.scheduled()).isZero();
  }

  @Test
  void stop_retriesAFailedBatchWithoutTheInterval() {
    writer.failure = rows -> ClosedConnectionException.INSTANCE;
    ExecutionBatcher batcher = batcher(100, 1024);
    batcher.record(skipped());
    Future<Void> stopped = batcher.stop();
    timers.advance(Duration.ofSeconds(2));
    writer.failure = rows -> null;
    timers.advance(RetryGate.MAX_RETRY_DELAY);
    assertThat(stopped.succeeded()).isTrue();
    assertThat(writer.table).hasSize(1);
  }
}
