package io.cronwheel.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.support.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The dashboard's rates and last-hour counts, in virtual time: the clock moves only when told. */
class RecentActivityTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-04T12:00:00Z"));
  private final AtomicLong fires = new AtomicLong();
  private final AtomicLong succeeded = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final RecentActivity activity =
      new RecentActivity(clock, fires::get, succeeded::get, failed::get);

  /** Advances one second at a time, sampling each second as the engine's timer does. */
  private void run(int seconds, int firesPerSecond, int successesPerSecond, int failuresPerSecond) {
    for (int i = 0; i < seconds; i++) {
      clock.advance(Duration.ofSeconds(1));
      fires.addAndGet(firesPerSecond);
      succeeded.addAndGet(successesPerSecond);
      failed.addAndGet(failuresPerSecond);
      activity.sample();
    }
  }

  @Test
  void firesPerSecond_isTheRateOfTheLastTenSeconds() {
    run(120, 10, 0, 0);
    run(10, 500, 0, 0);

    assertThat(activity.snapshot().firesPerSecond()).isEqualTo(500.0);
  }

  @Test
  void firesPerSecond_fallsToZeroOnceFiringStops() {
    run(60, 1000, 0, 0);
    run(10, 0, 0, 0);

    assertThat(activity.snapshot().firesPerSecond()).isZero();
  }

  @Test
  void beforeAnHourHasPassed_countsSinceStartAndSaysHowLong() {
    run(600, 0, 3, 1);

    RecentActivity.Snapshot snapshot = activity.snapshot();
    assertThat(snapshot.succeeded()).isEqualTo(1800);
    assertThat(snapshot.failed()).isEqualTo(600);
    assertThat(snapshot.windowSeconds()).isEqualTo(600);
  }

  @Test
  void lastHour_leavesOutWhatHappenedBeforeIt() {
    run(1800, 0, 100, 100); // the first half hour: busy
    run(3600, 0, 1, 0); // then a quiet hour

    RecentActivity.Snapshot snapshot = activity.snapshot();
    // The window starts at the newest minute sample an hour old or more: at most a minute earlier.
    assertThat(snapshot.windowSeconds()).isBetween(3600L, 3660L);
    assertThat(snapshot.succeeded()).isEqualTo(snapshot.windowSeconds());
    assertThat(snapshot.failed()).isZero();
  }

  @Test
  void aGapInSampling_widensTheWindowInsteadOfMiscounting() {
    run(120, 0, 2, 0);
    clock.advance(Duration.ofMinutes(90)); // no sample for 90 minutes (a long GC or a frozen VM)
    succeeded.addAndGet(7);

    RecentActivity.Snapshot snapshot = activity.snapshot();
    // The newest sample an hour old or more is the last one before the gap.
    assertThat(snapshot.windowSeconds()).isEqualTo(90 * 60);
    assertThat(snapshot.succeeded()).isEqualTo(7);
  }

  @Test
  void aStepOfTheWallClock_changesNothing() {
    run(30, 100, 0, 0);
    clock.jumpBackTo(Instant.parse("2026-12-04T11:00:00Z"));
    run(10, 100, 0, 0);

    assertThat(activity.snapshot().firesPerSecond()).isEqualTo(100.0);
  }
}
