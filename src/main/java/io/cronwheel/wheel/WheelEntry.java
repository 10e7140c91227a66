package io.cronwheel.wheel;

/**
 * A node of a {@link TimingWheel}: one pending fire at a whole epoch second. Subclasses carry the
 * payload. An entry sits in at most one place (a slot list or the overflow queue) at a time; once
 * cancelled it is never scheduled again.
 */
public class WheelEntry {
  static final int UNSCHEDULED = -1;
  static final int OVERFLOW = -2;
  static final int CANCELLED = -3;

  long epochSecond;
  int slot = UNSCHEDULED;
  WheelEntry prev;
  WheelEntry next;

  /** The second this entry is (or was last) scheduled to fire at. */
  public final long epochSecond() {
    return epochSecond;
  }

  public final boolean isScheduled() {
    return slot >= 0 || slot == OVERFLOW;
  }

  public final boolean isCancelled() {
    return slot == CANCELLED;
  }
}
