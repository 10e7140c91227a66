package io.cronwheel.wheel;

import static org.assertj.core.api.Assertions.assertThat;

import io.cronwheel.model.ExecutionType;
import io.cronwheel.model.Fire;
import io.cronwheel.model.Job;
import io.cronwheel.model.Trigger;
import io.cronwheel.support.Jobs;
import io.cronwheel.time.UuidV7;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StagingRingTest {
  private static final long T = 1_767_225_600L;

  private final Job job = Jobs.job("* * * * * *", ExecutionType.AT_LEAST_ONCE);
  private final List<StagedFire> handedOut = new ArrayList<>();

  private StagedFire staged(long epochSecond) {
    Fire fire =
        new Fire(UuidV7.next(epochSecond * 1000), job, epochSecond * 1000, Trigger.SCHEDULED);
    return new StagedFire(fire, StagedFire.Claim.NONE, false);
  }

  private List<Long> handedOutSeconds() {
    return handedOut.stream().map(StagedFire::epochSecond).toList();
  }

  @Test
  void drainThrough_handsOutEveryStagedFireInSecondOrderWhateverTheStagingOrder() {
    StagingRing ring = new StagingRing(T);
    StagedFire a = staged(T + 2);
    StagedFire b = staged(T);
    StagedFire c = staged(T + 1);
    StagedFire d = staged(T);
    for (StagedFire s : List.of(a, b, c, d)) {
      ring.add(s);
    }

    assertThat(ring.drainThrough(T + 2, 256, handedOut::add)).isEqualTo(252);

    assertThat(handedOut).containsExactly(b, d, c, a);
    assertThat(ring.cursor()).isEqualTo(T + 3);
    assertThat(ring.size()).isZero();
  }

  @Test
  void drainThrough_stopsAfterTheLastSecondAsked() {
    StagingRing ring = new StagingRing(T);
    ring.add(staged(T));
    ring.add(staged(T + 1));
    ring.add(staged(T + 5));

    assertThat(ring.drainThrough(T, 256, handedOut::add)).isEqualTo(255);
    assertThat(handedOutSeconds()).containsExactly(T);
    assertThat(ring.cursor()).isEqualTo(T + 1);
    assertThat(ring.drainThrough(T - 3, 256, handedOut::add)).isEqualTo(256); // behind: no-op
    assertThat(ring.cursor()).isEqualTo(T + 1);

    ring.drainThrough(T + 4, 256, handedOut::add);
    assertThat(handedOutSeconds()).containsExactly(T, T + 1);
    assertThat(ring.cursor()).isEqualTo(T + 5);
    assertThat(ring.size()).isEqualTo(1);
  }

  @Test
  void drainThrough_resumesInsideABucketWhenTheBudgetRunsOut() {
    StagingRing ring = new StagingRing(T);
    List<StagedFire> five = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      five.add(staged(T));
      ring.add(five.get(i));
    }
    StagedFire next = staged(T + 1);
    ring.add(next);

    assertThat(ring.drainThrough(T + 1, 2, handedOut::add)).isZero();
    assertThat(ring.cursor()).isEqualTo(T);
    assertThat(ring.size()).isEqualTo(4);
    assertThat(ring.drainThrough(T + 1, 2, handedOut::add)).isZero();
    assertThat(ring.cursor()).isEqualTo(T);
    assertThat(ring.drainThrough(T + 1, 10, handedOut::add)).isEqualTo(8);

    List<StagedFire> expected = new ArrayList<>(five);
    expected.add(next);
    assertThat(handedOut).containsExactlyElementsOf(expected);
    assertThat(ring.cursor()).isEqualTo(T + 2);
    assertThat(ring.size()).isZero();
  }

  @Test
  void drainThrough_movesOnWhenTheBudgetEndsExactlyAtTheEndOfABucket() {
    StagingRing ring = new StagingRing(T);
    ring.add(staged(T));
    ring.add(staged(T));
    ring.add(staged(T + 1));

    assertThat(ring.drainThrough(T + 1, 2, handedOut::add)).isZero();
    assertThat(ring.cursor()).isEqualTo(T + 1);
    assertThat(ring.drainThrough(T + 1, 2, handedOut::add)).isEqualTo(1);
    assertThat(handedOutSeconds()).containsExactly(T, T, T + 1);
  }

  @Test
  void add_toABucketTheBudgetCutShortIsHandedOutAfterTheRestOfIt() {
    StagingRing ring = new StagingRing(T);
    StagedFire first = staged(T);
    StagedFire second = staged(T);
    StagedFire late = staged(T);
    ring.add(first);
    ring.add(second);
    assertThat(ring.drainThrough(T, 1, handedOut::add)).isZero();

    ring.add(late);
    ring.drainThrough(T, 256, handedOut::add);

    assertThat(handedOut).containsExactly(first, second, late);
    assertThat(ring.cursor()).isEqualTo(T + 1);
    assertThat(ring.size()).isZero();
  }

  @Test
  void horizon_isTheLastOfSecondsAheadOfTheCursor() {
    StagingRing ring = new StagingRing(T);
    assertThat(ring.horizon()).isEqualTo(T + StagingRing.SECONDS - 1);
    ring.drainThrough(T + 4, 256, handedOut::add);
    assertThat(ring.horizon()).isEqualTo(T + 5 + StagingRing.SECONDS - 1);
  }

  @Test
  void add_atTheHorizonIsHandedOutAtItsSecondAndNotWithTheCursorsBucket() {
    StagingRing ring = new StagingRing(T);
    StagedFire now = staged(T);
    StagedFire atHorizon = staged(ring.horizon());
    ring.add(now);
    ring.add(atHorizon);

    ring.drainThrough(ring.horizon() - 1, 256, handedOut::add);
    assertThat(handedOut).containsExactly(now);
    ring.drainThrough(T + StagingRing.SECONDS - 1, 256, handedOut::add);
    assertThat(handedOut).containsExactly(now, atHorizon);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, -20, -86_400L * 365, T, Long.MAX_VALUE / 4000})
  void drainThrough_reusesBucketsRevolutionAfterRevolutionFromAnyStart(long start) {
    StagingRing ring = new StagingRing(start);
    List<Long> expected = new ArrayList<>();
    for (long second = start; second < start + 5 * StagingRing.SECONDS; second++) {
      // keep staging within [cursor, horizon], as the scheduler does
      ring.add(staged(second));
      if (second % 3 == 0) {
        ring.add(staged(second));
        expected.add(second);
      }
      expected.add(second);
      ring.drainThrough(second, 1 + (int) Math.floorMod(second, 3L), handedOut::add);
    }
    while (ring.drainThrough(start + 5 * StagingRing.SECONDS, 1, handedOut::add) == 0) {
      // the budget of 1 leaves some behind each call
    }

    assertThat(handedOutSeconds()).containsExactlyElementsOf(expected);
    assertThat(ring.size()).isZero();
  }
}
