package io.cronwheel.store;

import io.cronwheel.model.Execution;
import io.vertx.core.Future;
import java.util.List;

/** Writes execution records in one statement per batch. Thread-safe. */
@FunctionalInterface
public interface ExecutionWriter {
  /** Inserts or completes the rows; completes with the number of rows written. */
  Future<Integer> upsert(List<Execution> batch);
}
