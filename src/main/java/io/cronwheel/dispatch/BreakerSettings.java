package io.cronwheel.dispatch;

import java.time.Duration;

/**
 * When a target host's circuit opens: a failure rate over a sliding time window, judged only once
 * the window holds a minimum number of calls, so a handful of slow or failed requests among
 * thousands of successes never opens it.
 *
 * @param failureRatePercent the failure rate (5xx, timeouts, connection errors) that opens it
 * @param minimumCalls calls the window must hold before the rate is judged
 * @param window how far back the sliding window reaches
 * @param openDuration how long an open circuit refuses requests before trial requests go through
 * @param trialCalls requests let through while half-open; all must succeed to close it again
 */
public record BreakerSettings(
    float failureRatePercent,
    int minimumCalls,
    Duration window,
    Duration openDuration,
    int trialCalls) {
  public static final BreakerSettings DEFAULTS =
      new BreakerSettings(50, 20, Duration.ofSeconds(30), Duration.ofSeconds(30), 3);
}
