package io.cronwheel.time;

/**
 * Deferred work on the caller's own thread. Production runs it on a Vert.x context's timers; tests
 * use a manual implementation that runs each task when its clock is advanced past the task's
 * deadline, so a whole partition can be driven tick by tick in virtual time.
 *
 * <p>An instance belongs to one event loop: {@link #schedule} and {@link #cancel} are called only
 * from it; {@link #runSoon} may be called from any thread (it is how other threads hand work to the
 * loop).
 */
public interface Timers {
  /**
   * Runs {@code task} once, {@code delayMs} (at least 1) milliseconds from now; returns an id for
   * {@link #cancel}.
   */
  long schedule(long delayMs, Runnable task);

  /** Cancels a task not yet run; an unknown or already run id is ignored. */
  void cancel(long timerId);

  /**
   * Runs {@code task} on this loop after the work already queued there; callable from any thread.
   */
  void runSoon(Runnable task);
}
