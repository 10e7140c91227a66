package io.cronwheel.dispatch;

import io.cronwheel.model.RetryPolicy;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with full jitter: the delay before attempt {@code n + 1} is uniform in {@code
 * [0, min(maxDelay, initialDelay * multiplier^(n-1))]}, which spreads a burst of retries instead of
 * re-synchronising it.
 */
public final class Backoff {
  private Backoff() {}

  /**
   * A random delay before the next attempt, up to {@link #ceilingMillis}.
   *
   * @param failedAttempt the 1-based attempt that just failed
   * @param random uniform in [0, 1)
   */
  public static long delayMillis(RetryPolicy policy, int failedAttempt, DoubleSupplier random) {
    return Math.round(random.getAsDouble() * ceilingMillis(policy, failedAttempt));
  }

  /** The upper bound of the jittered delay after {@code failedAttempt}. */
  public static long ceilingMillis(RetryPolicy policy, int failedAttempt) {
    double exponential =
        (double) policy.initialDelay().toMillis()
            * Math.pow(policy.multiplier(), Math.max(0, failedAttempt - 1));
    return (long) Math.min((double) policy.maxDelay().toMillis(), exponential);
  }
}
