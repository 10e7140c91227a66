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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The record batcher in virtual time, against an in-memory writer the test answers. */
class ExecutionBatcherTest {
  private static final Instant QUIET = Instant.parse("2026-01-01T00:00:00.500Z");

  private final ManualClock clock = new ManualClock(QUIET);
  private final ManualTimers timers = new ManualTimers(clock);
  private final List<List<Execution>> statements = new ArrayList<>();
  private final List<Promise<Integer>> answers = new ArrayList<>();
  private boolean answerAtOnce = true;
  private boolean failing;

  private final ExecutionWriter writer =
      batch -> {
        statements.add(List.copyOf(batch));
        if (failing) {
          return Future.failedFuture("database down");
        }
        if (answerAtOnce) {
          return Future.succeededFuture(batch.size());
        }
        Promise<Integer> answer = Promise.promise();
        answers.add(answer);
        return answer.future();
      };

  private ExecutionBatcher batcher(int batchSize, int capacity) {
    ExecutionBatcher batcher =
        new ExecutionBatcher(
            writer,
            EngineEvents.NOOP,
            new BatchSettings(batchSize, Duration.ofMillis(50), capacity),
            clock);
    batcher.start(timers);
    return batcher;
  }

  private static Execution skipped() {
    return Execution.notSent(
        UUID.randomUUID(),
        UUID.randomUUID(),
        Instant.parse("2026-01-01T00:00:00Z"),
        Trigger.SCHEDULED,
        ExecutionStatus.SKIPPED,
        "test");
  }

  private int rowsWritten() {
    return statements.stream().mapToInt(List::size).sum();
  }

  @Test
  void record_writesPendingRowsOnTheNextIntervalInBatchesOfTheBatchSize() {
    ExecutionBatcher batcher = batcher(100, 1024);
    for (int i = 0; i < 250; i++) {
      assertThat(batcher.record(skipped())).isTrue();
    }
    assertThat(statements).isEmpty();
    timers.advance(Duration.ofMillis(50));
    assertThat(statements).extracting(List::size).containsExactly(100, 100, 50);
    assertThat(batcher.backlog()).isZero();
  }

  @Test
  void record_waitsOutTheTopOfSecondBurstUnlessTheBacklogIsLarge() {
    clock.set(Instant.parse("2026-01-01T00:00:01.000Z"));
    ExecutionBatcher batcher = batcher(100, 1 << 16);
    batcher.record(skipped());
    timers.advance(Duration.ofMillis(ExecutionBatcher.QUIET_MILLIS - 100));
    assertThat(statements).as("inside the burst a small backlog waits").isEmpty();
    timers.advance(Duration.ofMillis(100));
    assertThat(rowsWritten()).isEqualTo(1);
  }

  @Test
  void record_refusesRowsWhenTheQueueIsFullAndSaysWhenToHoldBack() {
    answerAtOnce = false;
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
    failing = true;
    ExecutionBatcher batcher = batcher(100, 1024);
    batcher.record(skipped());
    timers.advance(Duration.ofMillis(50));
    assertThat(statements).hasSize(1);
    assertThat(batcher.backlog()).as("the failed row still counts as backlog").isEqualTo(1);

    failing = false;
    timers.advance(ExecutionBatcher.RETRY_DELAY.minusMillis(60));
    assertThat(statements).as("no retry before the retry delay").hasSize(1);
    timers.advance(Duration.ofMillis(100));
    assertThat(statements).hasSize(2);
    assertThat(statements.get(1)).isEqualTo(statements.get(0));
    assertThat(batcher.backlog()).isZero();
  }

  @Test
  void flush_completesOnlyOnceEverythingRecordedIsWritten() {
    answerAtOnce = false;
    ExecutionBatcher batcher = batcher(100, 1024);
    batcher.record(skipped());
    batcher.record(skipped());
    Future<Void> flushed = batcher.flush();
    timers.runPending();
    assertThat(statements).hasSize(1);
    assertThat(flushed.isComplete()).isFalse();

    answers.get(0).complete(2);
    timers.runPending();
    assertThat(flushed.succeeded()).isTrue();
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
}
