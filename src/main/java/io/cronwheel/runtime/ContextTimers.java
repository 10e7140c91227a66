package io.cronwheel.runtime;

import io.cronwheel.time.Timers;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * {@link Timers} on a Vert.x context: every task runs on that context's event loop. Vert.x binds a
 * timer to the caller's context, so {@link #schedule} must be called on this one (it checks).
 */
public final class ContextTimers implements Timers {
  private final Context context;

  public ContextTimers(Context context) {
    this.context = context;
  }

  @Override
  public long schedule(long delayMs, Runnable task) {
    if (Vertx.currentContext() != context) {
      throw new IllegalStateException("timers are scheduled from their own context only");
    }
    return context.owner().setTimer(Math.max(1, delayMs), id -> task.run());
  }

  @Override
  public void cancel(long timerId) {
    context.owner().cancelTimer(timerId);
  }

  @Override
  public void runSoon(Runnable task) {
    context.runOnContext(v -> task.run());
  }
}
