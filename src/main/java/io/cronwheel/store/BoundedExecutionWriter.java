package io.cronwheel.store;

import io.cronwheel.model.Execution;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An {@link ExecutionWriter} whose statements each have a deadline on this side: a database that
 * stops answering without closing the connection fails the batch (which is retried) instead of
 * holding it forever.
 */
public final class BoundedExecutionWriter implements ExecutionWriter {
  private final ExecutionWriter writer;
  private final long timeoutMs;

  public BoundedExecutionWriter(ExecutionWriter writer, Duration timeout) {
    this.writer = writer;
    this.timeoutMs = timeout.toMillis();
  }

  @Override
  public Future<Integer> upsert(List<Execution> batch) {
    return writer.upsert(batch).timeout(timeoutMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public Future<Integer> setAside(List<ExecutionReject> rejects) {
    return writer.setAside(rejects).timeout(timeoutMs, TimeUnit.MILLISECONDS);
  }
}
