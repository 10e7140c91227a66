package io.cronwheel.store;

import io.cronwheel.time.Clock;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps history bounded: each sweep deletes finished rows older than the retention (executions, or
 * delivered alerts), in batches of {@link #BATCH} rows so no single statement holds locks or bloats
 * a transaction. At 10,000 fires per second the executions table would otherwise grow by 36 million
 * rows an hour.
 */
public final class RetentionSweeper {
  static final int BATCH = 10_000;
  private static final int MAX_BATCHES_PER_SWEEP = 100;
  private static final Logger log = LoggerFactory.getLogger(RetentionSweeper.class);

  /**
   * Deletes up to {@code limit} finished rows from before {@code before}; completes with how many.
   */
  @FunctionalInterface
  public interface BatchDelete {
    Future<Integer> deleteFinishedBefore(Instant before, int limit);
  }

  private final String rows;
  private final BatchDelete delete;
  private final Duration retention;
  private final Clock clock;
  private boolean sweeping;

  /**
   * @param rows what the rows are, for the log line ({@code "execution(s)"})
   */
  public RetentionSweeper(String rows, BatchDelete delete, Duration retention, Clock clock) {
    this.rows = rows;
    this.delete = delete;
    this.retention = retention;
    this.clock = clock;
  }

  /** One sweep: deletes old rows batch by batch; completes with the number deleted. */
  public Future<Integer> sweep() {
    if (sweeping) {
      return Future.succeededFuture(0);
    }
    sweeping = true;
    Instant before = clock.instant().minus(retention);
    return deleteBatches(before, 0, 0)
        .onSuccess(
            deleted -> {
              if (deleted > 0) {
                log.info("retention: deleted {} {} from before {}", deleted, rows, before);
              }
            })
        .onFailure(
            error ->
                log.warn(
                    "retention sweep of {} failed, will try again: {}", rows, error.getMessage()))
        .eventually(
            () -> {
              sweeping = false;
              return Future.succeededFuture();
            });
  }

  private Future<Integer> deleteBatches(Instant before, int batches, int deletedSoFar) {
    return delete
        .deleteFinishedBefore(before, BATCH)
        .compose(
            deleted -> {
              int total = deletedSoFar + deleted;
              if (deleted < BATCH || batches + 1 >= MAX_BATCHES_PER_SWEEP) {
                return Future.succeededFuture(total);
              }
              return deleteBatches(before, batches + 1, total);
            });
  }
}
