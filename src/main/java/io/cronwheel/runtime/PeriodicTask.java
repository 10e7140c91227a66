package io.cronwheel.runtime;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A background task run every {@code interval} on a context of its own, deployed and undeployed
 * like any other part of the engine. A run that has not finished when the next one is due delays it
 * instead of overlapping it; a failed or throwing run is logged and the next one goes ahead.
 */
public final class PeriodicTask extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);

  private final String name;
  private final Duration interval;
  private final boolean runAtStart;
  private final Supplier<Future<?>> task;
  private long timerId = -1;
  private boolean running;
  private boolean stopped;

  /**
   * @param runAtStart whether the first run starts at deployment rather than one interval later
   */
  public PeriodicTask(
      String name, Duration interval, boolean runAtStart, Supplier<Future<?>> task) {
    this.name = name;
    this.interval = interval;
    this.runAtStart = runAtStart;
    this.task = task;
  }

  @Override
  public Future<?> start() {
    if (runAtStart) {
      runOnce();
    }
    timerId = vertx.setPeriodic(interval.toMillis(), id -> runOnce());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timerId);
    return Future.succeededFuture();
  }

  private void runOnce() {
    if (running || stopped) {
      return;
    }
    running = true;
    Future<?> run;
    try {
      run = task.get();
    } catch (Throwable t) {
      run = Future.failedFuture(t);
    }
    run.onComplete(
        ar -> {
          running = false;
          if (ar.failed()) {
            log.warn("{} failed, will run again in {}: {}", name, interval, ar.cause().toString());
          }
        });
  }
}
