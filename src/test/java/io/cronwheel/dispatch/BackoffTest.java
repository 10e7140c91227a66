package io.cronwheel.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.model.RetryPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final RetryPolicy policy =
      new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(2), 2.0);

  @Test
  void ceiling_growsExponentiallyUpToTheMaximum() {
    assertThat(Backoff.ceilingMillis(policy, 1)).isEqualTo(100);
    assertThat(Backoff.ceilingMillis(policy, 2)).isEqualTo(200);
    assertThat(Backoff.ceilingMillis(policy, 4)).isEqualTo(800);
    assertThat(Backoff.ceilingMillis(policy, 5)).isEqualTo(1600);
    assertThat(Backoff.ceilingMillis(policy, 6)).isEqualTo(2000);
    assertThat(Backoff.ceilingMillis(policy, 60)).isEqualTo(2000);
  }

  @Test
  void delay_isFullJitterBetweenZeroAndTheCeiling() {
    assertThat(Backoff.delayMillis(policy, 3, () -> 0.0)).isZero();
    assertThat(Backoff.delayMillis(policy, 3, () -> 0.5)).isEqualTo(200);
    assertThat(Backoff.delayMillis(policy, 3, () -> 0.999999)).isEqualTo(400);
  }
}
