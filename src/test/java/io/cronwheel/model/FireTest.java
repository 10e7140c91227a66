package io.cronwheel.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.support.Jobs;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A manual fire never takes a whole second, the key of that second's scheduled fire. */
class FireTest {
  private final Job job = Jobs.job("* * * * * *", ExecutionType.AT_LEAST_ONCE);

  @Test
  void manual_onAWholeSecondTakesTheMillisecondAfter() {
    long second = Instant.parse("2026-01-01T00:00:05Z").toEpochMilli();
    Fire fire = Fire.manual(UUID.randomUUID(), job, second);
    assertThat(fire.scheduledAtMillis()).isEqualTo(second + 1);
    assertThat(fire.trigger()).isEqualTo(Trigger.MANUAL);
  }

  @Test
  void manual_betweenSecondsKeepsItsInstant() {
    long at = Instant.parse("2026-01-01T00:00:05.123Z").toEpochMilli();
    assertThat(Fire.manual(UUID.randomUUID(), job, at).scheduledAtMillis()).isEqualTo(at);
  }

  @Test
  void nextManualMillisecond_stepsOverTheNextWholeSecond() {
    long at = Instant.parse("2026-01-01T00:00:05.999Z").toEpochMilli();
    Fire fire = Fire.manual(UUID.randomUUID(), job, at);
    Fire next = fire.nextManualMillisecond();
    assertThat(next.scheduledAtMillis()).isEqualTo(at + 2);
    assertThat(next.executionId()).isEqualTo(fire.executionId());
  }

  @Test
  void manual_beforeTheEpochIsNeverAWholeSecondEither() {
    assertThat(Fire.manual(UUID.randomUUID(), job, -2000).scheduledAtMillis()).isEqualTo(-1999);
  }
}
