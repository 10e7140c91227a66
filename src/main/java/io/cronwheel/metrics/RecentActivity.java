package io.cronwheel.metrics;

import io.cronwheel.time.Clock;
import java.util.function.LongSupplier;

/**
 * This node's recent activity (fires per second now, successes and failures in the last hour) from
 * its cumulative counters, without reading a single execution row: at 10,000 fires/s an hour is 36
 * million rows, too many to count for a dashboard refreshed every few seconds.
 *
 * <p>{@link #sample()}, called about once a second, keeps the counters' values in two rings of
 * samples: one a second for the last {@value #RATE_WINDOW_SECONDS} seconds and one a minute for the
 * last hour. A figure is a counter now minus its value in the newest sample at least the window old
 * (or the oldest sample, while the node is younger than the window), over the time between. Worked
 * example: 1,000 fires counted at 12:00:00 and 1,500 at 12:00:10 make 50 fires/s at 12:00:10;
 * successes counted 200 at 11:59:40 and 9,200 at 12:59:45 make 9,000 in the last hour, over a
 * window of 3,605 s. Durations come from the monotonic clock, so a wall-clock step changes nothing.
 *
 * <p>Thread-safe: sampling and reading take one lock, briefly; the counters are read, never
 * written, so the hot path is untouched.
 */
public final class RecentActivity {
  public static final int RATE_WINDOW_SECONDS = 10;
  public static final int HOUR_SECONDS = 3600;
  private static final long SECOND_NANOS = 1_000_000_000L;
  private static final long MINUTE_NANOS = 60 * SECOND_NANOS;

  /** What the window held: fires per second, and final successes and failures in the hour. */
  public record Snapshot(double firesPerSecond, long succeeded, long failed, long windowSeconds) {}

  private final Clock clock;
  private final LongSupplier fires;
  private final LongSupplier succeeded;
  private final LongSupplier failed;
  private final Ring seconds = new Ring(RATE_WINDOW_SECONDS + 2, SECOND_NANOS);
  private final Ring minutes = new Ring(HOUR_SECONDS / 60 + 2, MINUTE_NANOS);

  /** Takes the first sample at once: until a window has passed, figures count from here. */
  public RecentActivity(
      Clock clock, LongSupplier fires, LongSupplier succeeded, LongSupplier failed) {
    this.clock = clock;
    this.fires = fires;
    this.succeeded = succeeded;
    this.failed = failed;
    sample();
  }

  /**
   * Records the counters, if a second has passed since the last sample (a minute, for the hour).
   */
  public synchronized void sample() {
    long[] now = read();
    seconds.offer(now);
    minutes.offer(now);
  }

  public synchronized Snapshot snapshot() {
    long[] now = read();
    long[] rateBase = seconds.base(now[0], RATE_WINDOW_SECONDS * SECOND_NANOS);
    long[] hourBase = minutes.base(now[0], HOUR_SECONDS * SECOND_NANOS);
    long rateNanos = now[0] - rateBase[0];
    double rate = rateNanos <= 0 ? 0 : (now[1] - rateBase[1]) * (double) SECOND_NANOS / rateNanos;
    return new Snapshot(
        rate, now[2] - hourBase[2], now[3] - hourBase[3], (now[0] - hourBase[0]) / SECOND_NANOS);
  }

  /** {monotonic time, fires, succeeded, failed}. */
  private long[] read() {
    return new long[] {
      clock.nanoTime(), fires.getAsLong(), succeeded.getAsLong(), failed.getAsLong()
    };
  }

  /** The last few samples, at least {@code stepNanos} apart, oldest overwritten first. */
  private static final class Ring {
    private final long[][] samples;
    private final long stepNanos;
    private int newest = -1;
    private int size;

    Ring(int capacity, long stepNanos) {
      this.samples = new long[capacity][];
      this.stepNanos = stepNanos;
    }

    void offer(long[] sample) {
      if (size > 0 && sample[0] - samples[newest][0] < stepNanos) {
        return;
      }
      newest = (newest + 1) % samples.length;
      samples[newest] = sample;
      size = Math.min(size + 1, samples.length);
    }

    /** The newest sample at least {@code windowNanos} before {@code nowNanos}, else the oldest. */
    long[] base(long nowNanos, long windowNanos) {
      for (int i = 0; i < size; i++) {
        long[] sample = samples[Math.floorMod(newest - i, samples.length)];
        if (nowNanos - sample[0] >= windowNanos) {
          return sample;
        }
      }
      return samples[Math.floorMod(newest - size + 1, samples.length)];
    }
  }
}
