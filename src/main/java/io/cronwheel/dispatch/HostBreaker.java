package io.cronwheel.dispatch;

import io.cronwheel.time.Clock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;

/**
 * One target host's circuit breaker, shared by every partition: resilience4j's state machine with a
 * lock-free sliding time window (resilience4j rather than our own: its failure-rate window, minimum
 * call count and half-open trials are what the old consecutive-failure counter lacked, and it is
 * well tested). Time comes from the engine's monotonic clock, so tests drive it in virtual time.
 * Thread-safe.
 */
final class HostBreaker {
  /** What the breaker says about one attempt. */
  enum Permission {
    GRANTED,
    /** Open: no request until the open duration has passed. */
    OPEN,
    /** Half-open and its trial requests are out: try again shortly. */
    TRIALS_BUSY
  }

  /** Recorded for failed calls; resilience4j wants a Throwable, one without a stack will do. */
  @SuppressWarnings("StaticAssignmentOfThrowable") // never thrown: a stackless marker
  private static final Exception FAILURE = new Exception("target failed", null, false, false) {};

  private final CircuitBreaker breaker;
  private final long openNanos;
  private volatile long openedAtNanos;

  HostBreaker(String host, BreakerSettings settings, Clock clock) {
    this.openNanos = settings.openDuration().toNanos();
    CircuitBreakerConfig config =
        CircuitBreakerConfig.custom()
            .slidingWindow(
                (int) Math.max(1, settings.window().toSeconds()),
                settings.minimumCalls(),
                CircuitBreakerConfig.SlidingWindowType.TIME_BASED,
                CircuitBreakerConfig.SlidingWindowSynchronizationStrategy.LOCK_FREE)
            .failureRateThreshold(settings.failureRatePercent())
            // Slowness alone never opens it: a slow target is bounded by each job's timeout.
            .slowCallRateThreshold(100)
            .slowCallDurationThreshold(java.time.Duration.ofDays(1))
            .waitDurationInOpenState(settings.openDuration())
            .permittedNumberOfCallsInHalfOpenState(settings.trialCalls())
            .clock(new MonotonicClock(clock))
            .currentTimestampFunction(c -> clock.nanoTime(), TimeUnit.NANOSECONDS)
            .build();
    this.breaker = CircuitBreaker.of(host, config);
    breaker
        .getEventPublisher()
        .onStateTransition(
            event -> {
              if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                openedAtNanos = clock.nanoTime();
              }
            });
  }

  Permission tryAcquire() {
    if (breaker.tryAcquirePermission()) {
      return Permission.GRANTED;
    }
    return breaker.getState() == CircuitBreaker.State.HALF_OPEN
        ? Permission.TRIALS_BUSY
        : Permission.OPEN;
  }

  /** The attempt was answered and the host is up (any status but 5xx, 408 and 429 count so). */
  void succeeded(long durationNanos) {
    breaker.onSuccess(durationNanos, TimeUnit.NANOSECONDS);
  }

  /** 5xx, a timeout or a connection error. */
  void failed(long durationNanos) {
    breaker.onError(durationNanos, TimeUnit.NANOSECONDS, FAILURE);
  }

  /** A granted attempt that was not made after all. */
  void released() {
    breaker.releasePermission();
  }

  /** When an open circuit lets its trial requests through (monotonic nanos). */
  long reopensAtNanos() {
    return openedAtNanos + openNanos + 1_000_000; // resilience4j waits until strictly after
  }

  boolean isClosed() {
    return breaker.getState() == CircuitBreaker.State.CLOSED;
  }

  CircuitBreaker.State state() {
    return breaker.getState();
  }

  /**
   * resilience4j measures its open duration and time window with a {@link java.time.Clock}; this
   * one reads the engine's monotonic clock, which never jumps.
   */
  private static final class MonotonicClock extends java.time.Clock {
    private final Clock clock;

    MonotonicClock(Clock clock) {
      this.clock = clock;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public java.time.Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.EPOCH.plusNanos(clock.nanoTime());
    }
  }
}
