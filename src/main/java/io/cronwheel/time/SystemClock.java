package io.cronwheel.time;

/** The real clock. */
public enum SystemClock implements Clock {
  INSTANCE;

  @Override
  public long epochMillis() {
    return System.currentTimeMillis();
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }
}
