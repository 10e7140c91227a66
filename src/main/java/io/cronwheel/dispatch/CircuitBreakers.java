package io.cronwheel.dispatch;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * One circuit breaker per target host. After {@code failureThreshold} consecutive failures (5xx,
 * timeouts, connection errors) the circuit opens: requests to that host fail at once, without being
 * sent, for {@code openDuration}. Then one trial request is let through (half-open): success closes
 * the circuit, failure opens it again. A slow or dead host therefore stops tying up connections and
 * event-loop time that other jobs need.
 *
 * <p>Time comes from the caller (monotonic nanoseconds). Not thread-safe: one instance per
 * partition, used on its event loop.
 */
public final class CircuitBreakers {
  public static final int DEFAULT_FAILURE_THRESHOLD = 5;
  public static final Duration DEFAULT_OPEN_DURATION = Duration.ofSeconds(30);

  private static final class Breaker {
    int consecutiveFailures;
    boolean open;
    long openUntilNanos;
    boolean trialInFlight;
  }

  private final int failureThreshold;
  private final long openNanos;
  private final Map<String, Breaker> breakers = new HashMap<>();

  public CircuitBreakers(int failureThreshold, Duration openDuration) {
    this.failureThreshold = failureThreshold;
    this.openNanos = openDuration.toNanos();
  }

  /** Whether a request to {@code host} may be sent now. */
  public boolean allow(String host, long nowNanos) {
    Breaker breaker = breakers.get(host);
    if (breaker == null || !breaker.open) {
      return true;
    }
    if (nowNanos - breaker.openUntilNanos < 0 || breaker.trialInFlight) {
      return false;
    }
    breaker.trialInFlight = true;
    return true;
  }

  public void onSuccess(String host) {
    breakers.remove(host);
  }

  public void onFailure(String host, long nowNanos) {
    Breaker breaker = breakers.computeIfAbsent(host, h -> new Breaker());
    breaker.consecutiveFailures++;
    if (breaker.trialInFlight || breaker.consecutiveFailures >= failureThreshold) {
      breaker.open = true;
      breaker.trialInFlight = false;
      breaker.openUntilNanos = nowNanos + openNanos;
    }
  }
}
