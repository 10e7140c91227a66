package io.cronwheel.alert;

import java.time.Duration;

/**
 * How alerts are raised and delivered (the interval and the cap come from {@code CronwheelConfig}).
 *
 * @param interval a job gets at most one alert per interval while it keeps failing
 * @param deliveryCap how long an alert is retried after it was raised before it is marked {@code
 *     UNDELIVERABLE}
 * @param window alerts being delivered at once, by this engine
 * @param maxEpisodes jobs tracked as failing at once; a job starting to fail beyond that raises no
 *     alert (counted in {@code cronwheel_alerts_dropped_total{reason="tracker_full"}})
 * @param pollInterval how often the table is read for alerts that fell due (a retry's time came)
 * @param lease how long a claimed alert is reserved for this engine: longer than one delivery
 *     attempt, so no other engine sends it meanwhile
 */
public record AlertSettings(
    Duration interval,
    Duration deliveryCap,
    int window,
    int maxEpisodes,
    Duration pollInterval,
    Duration lease) {
  public static final int DEFAULT_WINDOW = 16;
  public static final int DEFAULT_MAX_EPISODES = 1_000_000;
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
  private static final Duration MIN_SWEEP = Duration.ofMillis(250);
  private static final Duration MAX_SWEEP = Duration.ofSeconds(15);

  /** The given interval and cap, and the defaults for the rest. */
  public static AlertSettings of(Duration interval, Duration deliveryCap) {
    return new AlertSettings(
        interval,
        deliveryCap,
        DEFAULT_WINDOW,
        DEFAULT_MAX_EPISODES,
        DEFAULT_POLL_INTERVAL,
        DEFAULT_LEASE);
  }

  /**
   * How often the tracker looks for failures it holds back: a quarter of the interval (between 250
   * ms and 15 s), so they are told at most 1.25 intervals after the previous alert.
   */
  public Duration sweepEvery() {
    Duration quarter = interval.dividedBy(4);
    if (quarter.compareTo(MIN_SWEEP) < 0) {
      return MIN_SWEEP;
    }
    return quarter.compareTo(MAX_SWEEP) > 0 ? MAX_SWEEP : quarter;
  }
}
