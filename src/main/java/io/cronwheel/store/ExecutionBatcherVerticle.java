package io.cronwheel.store;

import io.cronwheel.runtime.ContextTimers;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link ExecutionBatcher}'s writing on an event loop of its own. Its stop writes what is
 * left, for at most the given time: a stop while the database is away must still end.
 */
public final class ExecutionBatcherVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(ExecutionBatcherVerticle.class);

  private final ExecutionBatcher batcher;
  private final Duration stopWithin;

  public ExecutionBatcherVerticle(ExecutionBatcher batcher, Duration stopWithin) {
    this.batcher = batcher;
    this.stopWithin = stopWithin;
  }

  @Override
  public Future<?> start() {
    batcher.start(new ContextTimers(context));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return batcher
        .stop()
        .timeout(stopWithin.toMillis(), TimeUnit.MILLISECONDS)
        .recover(
            timedOut -> {
              log.error(
                  "stopping with {} execution record(s) not written: the database did not take"
                      + " them within {}",
                  batcher.backlog(),
                  stopWithin);
              return Future.succeededFuture();
            });
  }
}
