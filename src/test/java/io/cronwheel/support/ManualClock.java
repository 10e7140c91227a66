package io.cronwheel.support;

import io.cronwheel.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A clock that moves only when told: wall time and monotonic time advance together, except on
 * {@link #jumpBackTo}.
 */
public final class ManualClock implements Clock {
  private volatile long epochMillis;
  private volatile long nanoTime;

  public ManualClock(Instant start) {
    this.epochMillis = start.toEpochMilli();
  }

  @Override
  public long epochMillis() {
    return epochMillis;
  }

  @Override
  public long nanoTime() {
    return nanoTime;
  }

  public synchronized void advance(Duration duration) {
    epochMillis += duration.toMillis();
    nanoTime += duration.toNanos();
  }

  public synchronized void set(Instant instant) {
    if (instant.toEpochMilli() < epochMillis) {
      throw new IllegalArgumentException("use jumpBackTo to move the wall clock backwards");
    }
    advance(Duration.ofMillis(instant.toEpochMilli() - epochMillis));
  }

  /** An NTP step backwards: the wall clock goes back, the monotonic clock does not. */
  public synchronized void jumpBackTo(Instant instant) {
    epochMillis = instant.toEpochMilli();
  }

  public Instant now() {
    return Instant.ofEpochMilli(epochMillis);
  }
}
