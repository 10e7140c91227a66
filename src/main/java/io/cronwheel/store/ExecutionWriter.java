package io.cronwheel.store;

import io.cronwheel.model.Execution;
import io.vertx.core.Future;
import java.util.List;

/** Writes execution records in one statement per batch. Thread-safe. */
public interface ExecutionWriter {
  /**
   * Inserts or completes the rows (their {@code (job_id, scheduled_at)} keys must be distinct);
   * completes with the number of rows written.
   */
  Future<Integer> upsert(List<Execution> batch);

  /**
   * Keeps records PostgreSQL refused where an operator can see them ({@code execution_rejects});
   * completes with the number of rows kept.
   */
  Future<Integer> setAside(List<ExecutionReject> rejects);
}
