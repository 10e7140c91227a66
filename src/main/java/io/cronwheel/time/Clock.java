package io.cronwheel.time;

import java.time.Instant;

/**
 * Two readings kept apart: the wall clock decides which second is due and measures drift; the
 * monotonic clock measures durations and never jumps.
 */
public interface Clock {
  long epochMillis();

  long nanoTime();

  /** The wall clock as an instant, to the millisecond. */
  default Instant instant() {
    return Instant.ofEpochMilli(epochMillis());
  }
}
