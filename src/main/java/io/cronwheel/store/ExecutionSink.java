package io.cronwheel.store;

import io.cronwheel.model.Execution;
import io.vertx.core.Future;

/**
 * Where finished (or deliberately unsent) executions go to be recorded. Safe to call from any
 * thread.
 */
public interface ExecutionSink {
  /**
   * Queues the record; returns false if it could not be queued (the sink is full). Never blocks.
   */
  boolean record(Execution execution);

  /** Whether producers should go on: there is room for at least another second of records. */
  boolean hasRoom();

  /** Records queued, being written, or waiting for a retry: the write backlog. */
  long backlog();

  /**
   * Completes once everything recorded so far is written. A partition handing over its lease calls
   * it, so the next holder reads what was sent as finished rather than as claims to settle.
   */
  Future<Void> flush();
}
