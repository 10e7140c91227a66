package io.cronwheel.time;

/**
 * Two readings kept apart: the wall clock decides which second is due and measures drift; the
 * monotonic clock measures durations and never jumps.
 */
public interface Clock {
  long epochMillis();

  long nanoTime();
}
