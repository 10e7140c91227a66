package io.cronwheel.store;

import io.cronwheel.runtime.ContextTimers;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Runs an {@link ExecutionBatcher}'s writing on an event loop of its own. */
public final class ExecutionBatcherVerticle extends VerticleBase {
  private final ExecutionBatcher batcher;

  public ExecutionBatcherVerticle(ExecutionBatcher batcher) {
    this.batcher = batcher;
  }

  @Override
  public Future<?> start() {
    batcher.start(new ContextTimers(context));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return batcher.stop();
  }
}
