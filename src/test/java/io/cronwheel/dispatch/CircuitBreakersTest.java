package io.cronwheel.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Circuit breakers in virtual time: every "now" is a monotonic nanosecond reading passed in. */
class CircuitBreakersTest {
  private static final String HOST = "a.example:80";
  private static final String OTHER = "b.example:80";
  private static final long OPEN_NANOS = CircuitBreakers.DEFAULT_OPEN_DURATION.toNanos();

  private final CircuitBreakers breakers =
      new CircuitBreakers(
          CircuitBreakers.DEFAULT_FAILURE_THRESHOLD, CircuitBreakers.DEFAULT_OPEN_DURATION);

  /** {@code start + nanos}, wrapping like {@link System#nanoTime} differences do. */
  private static long plus(long start, long nanos) {
    return start + nanos;
  }

  private void fail(String host, long nowNanos, int times) {
    for (int i = 0; i < times; i++) {
      breakers.onFailure(host, nowNanos);
    }
  }

  /** Monotonic readings are arbitrary: zero, negative, and just before the long wraps around. */
  @ParameterizedTest
  @ValueSource(longs = {0, -5_000_000_000L, 123_456_789_012L, Long.MAX_VALUE - 1_000_000_000L})
  void allow_opensAfterTheThresholdOfConsecutiveFailures(long now) {
    fail(HOST, now, CircuitBreakers.DEFAULT_FAILURE_THRESHOLD - 1);
    assertThat(breakers.allow(HOST, now)).isTrue();

    breakers.onFailure(HOST, now);

    assertThat(breakers.allow(HOST, now)).isFalse();
    assertThat(breakers.allow(HOST, plus(now, 1))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -5_000_000_000L, Long.MAX_VALUE - 1_000_000_000L})
  void onSuccess_resetsTheConsecutiveFailureCount(long now) {
    fail(HOST, now, CircuitBreakers.DEFAULT_FAILURE_THRESHOLD - 1);
    breakers.onSuccess(HOST);
    fail(HOST, now, CircuitBreakers.DEFAULT_FAILURE_THRESHOLD - 1);

    assertThat(breakers.allow(HOST, now)).isTrue();
    breakers.onFailure(HOST, now);
    assertThat(breakers.allow(HOST, now)).isFalse();
  }

  /**
   * The last start is 10 s before {@code Long.MAX_VALUE}: the open period ends after the reading
   * has wrapped to negative, which only a comparison by subtraction gets right.
   */
  @ParameterizedTest
  @ValueSource(longs = {0, -5_000_000_000L, 1_000_000_000_000L, Long.MAX_VALUE - 10_000_000_000L})
  void allow_staysOpenForTheWholeOpenDurationEvenAcrossANanoTimeWrap(long openedAt) {
    fail(HOST, openedAt, CircuitBreakers.DEFAULT_FAILURE_THRESHOLD);

    assertThat(breakers.allow(HOST, plus(openedAt, OPEN_NANOS / 2))).isFalse();
    assertThat(breakers.allow(HOST, plus(openedAt, OPEN_NANOS - 1))).isFalse();
    assertThat(breakers.allow(HOST, plus(openedAt, OPEN_NANOS))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(longs = {0, Long.MAX_VALUE - 10_000_000_000L})
  void allow_letsExactlyOneHalfOpenTrialThrough(long openedAt) {
    fail(HOST, openedAt, CircuitBreakers.DEFAULT_FAILURE_THRESHOLD);
    long later = plus(openedAt, OPEN_NANOS + 1);

    assertThat(breakers.allow(HOST, later)).isTrue();
    assertThat(breakers.allow(HOST, later)).isFalse();
    assertThat(breakers.allow(HOST, plus(later, 10 * OPEN_NANOS))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(longs = {0, Long.MAX_VALUE - 10_000_000_000L})
  void onSuccess_ofTheTrialClosesTheCircuit(long openedAt) {
    fail(HOST, openedAt, CircuitBreakers.DEFAULT_FAILURE_THRESHOLD);
    long later = plus(openedAt, OPEN_NANOS);
    assertThat(breakers.allow(HOST, later)).isTrue();

    breakers.onSuccess(HOST);

    assertThat(breakers.allow(HOST, later)).isTrue();
    assertThat(breakers.allow(HOST, later)).isTrue();
    // Closed means a fresh count: one failure does not re-open it.
    breakers.onFailure(HOST, later);
    assertThat(breakers.allow(HOST, later)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -5_000_000_000L, Long.MAX_VALUE - 40_000_000_000L})
  void onFailure_ofTheTrialReopensForAFreshOpenDuration(long openedAt) {
    fail(HOST, openedAt, CircuitBreakers.DEFAULT_FAILURE_THRESHOLD);
    long trialAt = plus(openedAt, OPEN_NANOS + 7_000_000_000L);
    assertThat(breakers.allow(HOST, trialAt)).isTrue();

    breakers.onFailure(HOST, trialAt);

    assertThat(breakers.allow(HOST, trialAt)).isFalse();
    assertThat(breakers.allow(HOST, plus(trialAt, OPEN_NANOS - 1))).isFalse();
    assertThat(breakers.allow(HOST, plus(trialAt, OPEN_NANOS))).isTrue();
    assertThat(breakers.allow(HOST, plus(trialAt, OPEN_NANOS))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(longs = {0, Long.MAX_VALUE - 10_000_000_000L})
  void allow_keepsEachHostsCircuitIndependent(long now) {
    fail(HOST, now, CircuitBreakers.DEFAULT_FAILURE_THRESHOLD);
    fail(OTHER, now, CircuitBreakers.DEFAULT_FAILURE_THRESHOLD - 1);

    assertThat(breakers.allow(HOST, now)).isFalse();
    assertThat(breakers.allow(OTHER, now)).isTrue();
    assertThat(breakers.allow("c.example:443", now)).isTrue();

    breakers.onSuccess(OTHER);
    assertThat(breakers.allow(HOST, now)).isFalse();
    breakers.onSuccess(HOST);
    assertThat(breakers.allow(HOST, now)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3})
  void allow_honoursACustomThresholdAndOpenDuration(int threshold) {
    CircuitBreakers custom = new CircuitBreakers(threshold, Duration.ofMillis(250));
    for (int i = 0; i < threshold - 1; i++) {
      custom.onFailure(HOST, 0);
    }
    assertThat(custom.allow(HOST, 0)).isTrue();
    custom.onFailure(HOST, 0);
    assertThat(custom.allow(HOST, 0)).isFalse();
    assertThat(custom.allow(HOST, 249_999_999L)).isFalse();
    assertThat(custom.allow(HOST, 250_000_000L)).isTrue();
  }
}
