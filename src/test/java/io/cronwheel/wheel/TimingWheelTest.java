package io.cronwheel.wheel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimingWheelTest {
  private static final long START = 1_700_000_000L;

  private record Fired(WheelEntry entry, long second) {}

  private final List<Fired> fired = new ArrayList<>();
  private final TimingWheel.FireSink record =
      (entry, second) -> fired.add(new Fired(entry, second));

  @Test
  void advanceTo_firesEachDueEntryExactlyOnceAtItsSecond() {
    TimingWheel wheel = new TimingWheel(8, START);
    WheelEntry a = new WheelEntry();
    WheelEntry b = new WheelEntry();
    wheel.schedule(a, START + 3);
    wheel.schedule(b, START + 5);

    assertThat(wheel.advanceTo(START + 2, record, 100)).isEqualTo(100);
    assertThat(fired).isEmpty();
    wheel.advanceTo(START + 5, record, 100);
    assertThat(fired).containsExactly(new Fired(a, START + 3), new Fired(b, START + 5));
    wheel.advanceTo(START + 50, record, 100);
    assertThat(fired).hasSize(2);
    assertThat(wheel.size()).isZero();
    assertThat(wheel.cursor()).isEqualTo(START + 51);
  }

  @ParameterizedTest
  @ValueSource(longs = {7, 8, 9, 16, 365L * 86400, 4L * 365 * 86400})
  void advanceTo_firesFarFutureEntriesThroughTheOverflowQueue(long delaySeconds) {
    TimingWheel wheel = new TimingWheel(8, START);
    WheelEntry entry = new WheelEntry();
    wheel.schedule(entry, START + delaySeconds);

    wheel.advanceTo(
        START + delaySeconds - 1, (e, s) -> fired.add(new Fired(e, s)), Integer.MAX_VALUE);
    assertThat(fired).isEmpty();
    wheel.advanceTo(START + delaySeconds, record, Integer.MAX_VALUE);
    assertThat(fired).containsExactly(new Fired(entry, START + delaySeconds));
  }

  @Test
  void advanceTo_reinsertedEntryFiresAgainInTheSameAdvance() {
    TimingWheel wheel = new TimingWheel(16, START);
    WheelEntry everySecond = new WheelEntry();
    wheel.schedule(everySecond, START);
    TimingWheel.FireSink reschedule =
        (entry, second) -> {
          fired.add(new Fired(entry, second));
          wheel.schedule(entry, second + 1);
        };

    wheel.advanceTo(START + 99, reschedule, Integer.MAX_VALUE);

    assertThat(fired).hasSize(100);
    assertThat(fired).extracting(Fired::second).isSorted().doesNotHaveDuplicates();
    assertThat(wheel.size()).isEqualTo(1);
  }

  @Test
  void advanceTo_stopsWhenTheBudgetRunsOutAndResumesInTheSameSlot() {
    TimingWheel wheel = new TimingWheel(8, START);
    for (int i = 0; i < 10; i++) {
      wheel.schedule(new WheelEntry(), START + 1);
    }

    assertThat(wheel.advanceTo(START + 1, record, 4)).isZero();
    assertThat(fired).hasSize(4);
    assertThat(wheel.cursor()).isEqualTo(START + 1);
    assertThat(wheel.advanceTo(START + 1, record, 4)).isZero();
    assertThat(wheel.advanceTo(START + 1, record, 4)).isEqualTo(2);
    assertThat(fired).hasSize(10).extracting(Fired::second).containsOnly(START + 1);
    assertThat(fired).extracting(Fired::entry).doesNotHaveDuplicates();
  }

  @Test
  void cancel_removesEntriesFromSlotsAndOverflow() {
    TimingWheel wheel = new TimingWheel(8, START);
    WheelEntry near = new WheelEntry();
    WheelEntry far = new WheelEntry();
    WheelEntry kept = new WheelEntry();
    wheel.schedule(near, START + 2);
    wheel.schedule(far, START + 100);
    wheel.schedule(kept, START + 100);

    assertThat(wheel.cancel(near)).isTrue();
    assertThat(wheel.cancel(far)).isTrue();
    assertThat(wheel.cancel(far)).isFalse();
    assertThat(wheel.size()).isEqualTo(1);
    wheel.advanceTo(START + 200, record, 100);
    assertThat(fired).containsExactly(new Fired(kept, START + 100));
    assertThatThrownBy(() -> wheel.schedule(near, START + 300))
        .isInstanceOf(IllegalStateException.class);
  }

  /**
   * A daily job patched again and again before its second: each change cancels its overflow entry
   * and schedules a new one. The cancelled entries must not pile up in the heap.
   */
  @Test
  void cancel_keepsTheOverflowHeapBoundedWhenAFarEntryIsReplacedAMillionTimes() {
    TimingWheel wheel = new TimingWheel(4096, START);
    List<WheelEntry> others = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      WheelEntry other = new WheelEntry();
      wheel.schedule(other, START + 50_000 + i);
      others.add(other);
    }
    WheelEntry daily = new WheelEntry();
    wheel.schedule(daily, START + 86_400);
    int largestHeap = 0;

    for (int change = 0; change < 1_000_000; change++) {
      WheelEntry replacement = new WheelEntry();
      wheel.schedule(replacement, START + 86_400);
      wheel.cancel(daily);
      daily = replacement;
      largestHeap = Math.max(largestHeap, wheel.overflowSize());
    }

    assertThat(wheel.size()).isEqualTo(11);
    assertThat(largestHeap).isLessThanOrEqualTo(2 * 12 + TimingWheel.MIN_COMPACTION + 1);
    wheel.advanceTo(START + 86_400, record, Integer.MAX_VALUE);
    assertThat(fired).extracting(Fired::entry).containsExactlyElementsOf(withLast(others, daily));
    assertThat(wheel.overflowSize()).isZero();
  }

  private static List<WheelEntry> withLast(List<WheelEntry> entries, WheelEntry last) {
    List<WheelEntry> all = new ArrayList<>(entries);
    all.add(last);
    return all;
  }

  @Test
  void cancel_compactingTheOverflowHeapKeepsTheLiveEntriesInOrder() {
    Random random = new Random(7);
    TimingWheel wheel = new TimingWheel(64, START);
    List<WheelEntry> entries = new ArrayList<>();
    java.util.Map<WheelEntry, Long> live = new java.util.HashMap<>();
    for (int i = 0; i < 5_000; i++) {
      WheelEntry entry = new WheelEntry();
      long at = START + 100 + random.nextInt(10_000);
      wheel.schedule(entry, at);
      entries.add(entry);
      live.put(entry, at);
    }
    java.util.Collections.shuffle(entries, random);
    for (WheelEntry entry : entries.subList(0, 4_000)) {
      wheel.cancel(entry);
      live.remove(entry);
    }

    assertThat(wheel.overflowSize()).isLessThan(2 * live.size() + TimingWheel.MIN_COMPACTION + 2);
    wheel.advanceTo(START + 20_000, record, Integer.MAX_VALUE);
    assertThat(fired).hasSize(1_000);
    assertThat(fired).allMatch(f -> live.get(f.entry()) == f.second());
    assertThat(fired).extracting(Fired::second).isSorted();
  }

  @Test
  void schedule_clampsPastSecondsToTheCursor() {
    TimingWheel wheel = new TimingWheel(8, START);
    wheel.advanceTo(START + 10, record, 100);
    WheelEntry late = new WheelEntry();
    wheel.schedule(late, START - 1000);

    wheel.advanceTo(START + 11, record, 100);
    assertThat(fired).containsExactly(new Fired(late, START + 11));
  }

  @Test
  void advanceTo_matchesABruteForceModelOnRandomOperations() {
    Random random = new Random(42);
    TimingWheel wheel = new TimingWheel(64, START);
    List<WheelEntry> live = new ArrayList<>();
    java.util.Map<WheelEntry, Long> expected = new java.util.HashMap<>();
    long now = START;
    for (int step = 0; step < 20_000; step++) {
      int op = random.nextInt(10);
      if (op < 5) {
        WheelEntry entry = new WheelEntry();
        long at = now + 1 + (random.nextBoolean() ? random.nextInt(60) : random.nextInt(5000));
        wheel.schedule(entry, at);
        live.add(entry);
        expected.put(entry, at);
      } else if (op < 7 && !live.isEmpty()) {
        WheelEntry victim = live.remove(random.nextInt(live.size()));
        wheel.cancel(victim);
        expected.remove(victim);
      } else {
        now += random.nextInt(20);
        fired.clear();
        wheel.advanceTo(now, record, Integer.MAX_VALUE);
        for (Fired f : fired) {
          assertThat(expected.remove(f.entry())).isEqualTo(f.second());
          live.remove(f.entry());
        }
        long finalNow = now;
        assertThat(expected.values()).allMatch(at -> at > finalNow);
      }
    }
    assertThat(wheel.size()).isEqualTo(expected.size());
  }
}
