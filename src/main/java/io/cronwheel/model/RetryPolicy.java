package io.cronwheel.model;

import java.time.Duration;

/**
 * How failed at-least-once attempts are retried: exponential backoff with full jitter.
 *
 * @param maxAttempts total attempts including the first, at least 1
 */
public record RetryPolicy(
    int maxAttempts, Duration initialDelay, Duration maxDelay, double multiplier) {
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofMinutes(1);
  public static final double DEFAULT_MULTIPLIER = 2.0;
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(
          DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_DELAY, DEFAULT_MAX_DELAY, DEFAULT_MULTIPLIER);
}
