package io.cronwheel.metrics;

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

  /** One attempt to deliver an alert, and whether it was delivered. */
  default void alert(boolean delivered) {}

  /**
   * How many jobs should be scheduled and are not, because they are over the per-job limits or
   * beyond the job memory budget; reported after the start-up load and whenever it changes.
   */
  default void unschedulableJobs(long count) {}

  /** A Throwable caught at a loop boundary; the loop carries on. */
  default void unexpected(String where, Throwable error) {}
}
