package io.cronwheel.metrics;

import io.cronwheel.model.AlertType;
import io.cronwheel.model.Execution;
import io.cronwheel.model.Fire;

/**
 * Events the core emits; metrics and tests subscribe. Called on event loops: implementations must
 * be cheap and must not block.
 */
public interface EngineEvents {
  EngineEvents NOOP = new EngineEvents() {};

  /**
   * The first attempt of a fire left; {@code partition} is -1 for fires outside any partition
   * (manual triggers).
   */
  default void fired(int partition, Fire fire, long driftMs) {}

  /** An execution reached its final state. */
  default void completed(Execution execution) {}

  default void inFlightChanged(int delta) {}

  default void claimed(int requested, int won) {}

  default void claimFailed(int requested, Throwable error) {}

  default void batchWritten(int rows, long elapsedNanos) {}

  default void batchFailed(int rows, Throwable error) {}

  /** A partition held its fires because the record queue was full. */
  default void backPressure(int partition) {}

  /** Execution records that could not be queued for writing. */
  default void recordsRejected(int count) {}

  /**
   * Execution records PostgreSQL refused on their own (poison rows), after the rest of their batch
   * was written.
   *
   * @param setAside true if they were kept in {@code execution_rejects}, false if even that failed
   *     and they are only in the log
   */
  default void recordsPoisoned(int count, boolean setAside) {}

  /** The episode tracker raised an alert. Called from any loop. */
  default void alertRaised(AlertType type) {}

  /** An alert was delivered (a 2xx answer). */
  default void alertDelivered() {}

  /** An attempt to deliver an alert failed; it will be tried again. */
  default void alertAttemptFailed() {}

  /** An alert's last attempt failed at its delivery cap: it is given up as undeliverable. */
  default void alertUndeliverable() {}

  /** Alerts dropped before they were stored, because the writer's buffer was full. */
  default void alertsDropped(int count) {}

  /** A job started failing while the tracker held its maximum of episodes: no alert. */
  default void alertNotTracked() {}

  /**
   * How many jobs should be scheduled and are not, because they are over the per-job limits or
   * beyond the job memory budget; reported after the start-up load and whenever it changes.
   */
  default void unschedulableJobs(long count) {}

  /** A Throwable caught at a loop boundary; the loop carries on. */
  default void unexpected(String where, Throwable error) {}
}
