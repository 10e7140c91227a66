package io.cronwheel.wheel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The wheel under clocks that break naive index arithmetic, as Caffeine's timer-wheel tests do: a
 * start at or near zero, negative epoch seconds, starts on a revolution boundary, past {@code
 * Integer.MAX_VALUE}, and far out in the long range; entries exactly {@code slots} seconds ahead;
 * and jumps of a million seconds through a small budget.
 */
class TimingWheelHostileClocksTest {
  private static final int SLOTS = 64;
  private static final long[] DELAYS = {0, 1, SLOTS - 1, SLOTS, SLOTS + 1, 2 * SLOTS, 10 * SLOTS};

  private record Fired(WheelEntry entry, long second) {}

  private final List<Fired> fired = new ArrayList<>();
  private final TimingWheel.FireSink record =
      (entry, second) -> fired.add(new Fired(entry, second));

  /** The entries scheduled, with the second each is due (entries compare by identity). */
  private static Map<WheelEntry, Long> scheduleAt(TimingWheel wheel, long base, long[] delays) {
    Map<WheelEntry, Long> due = new HashMap<>();
    for (long delay : delays) {
      WheelEntry entry = new WheelEntry();
      wheel.schedule(entry, base + delay);
      due.put(entry, base + delay);
    }
    return due;
  }

  private void assertEachFiredOnceAtItsSecondInOrder(Map<WheelEntry, Long> due) {
    assertThat(fired).extracting(Fired::second).isSorted();
    assertThat(fired).extracting(Fired::entry).doesNotHaveDuplicates();
    assertThat(fired).hasSize(due.size());
    for (Fired f : fired) {
      assertThat(f.second()).isEqualTo(due.get(f.entry()));
      assertThat(f.entry().epochSecond()).isEqualTo(f.second());
      assertThat(f.entry().isScheduled()).isFalse();
    }
  }

  @ParameterizedTest
  @ValueSource(
      longs = {
        0,
        1,
        -1,
        -86_400 * 365L,
        SLOTS - 1,
        SLOTS,
        Integer.MAX_VALUE + 5L,
        1_767_225_600L,
        Long.MAX_VALUE / 4
      })
  void advanceTo_firesEachEntryExactlyOnceAtItsSecondSteppingOneSecondAtATime(long start) {
    TimingWheel wheel = new TimingWheel(SLOTS, start);
    Map<WheelEntry, Long> due = scheduleAt(wheel, start, DELAYS);
    long last = start + 10 * SLOTS + 3;

    for (long second = start; second <= last; second++) {
      int before = fired.size();
      int left = wheel.advanceTo(second, record, Integer.MAX_VALUE);
      assertThat(left).isEqualTo(Integer.MAX_VALUE - (fired.size() - before));
      long now = second;
      assertThat(fired.subList(before, fired.size()))
          .allSatisfy(f -> assertThat(f.second()).isEqualTo(now));
      assertThat(fired).hasSize((int) due.values().stream().filter(at -> at <= now).count());
      assertThat(wheel.cursor()).isEqualTo(second + 1);
    }

    assertEachFiredOnceAtItsSecondInOrder(due);
    assertThat(wheel.size()).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      longs = {
        0,
        1,
        -1,
        -86_400 * 365L,
        SLOTS - 1,
        SLOTS,
        Integer.MAX_VALUE + 5L,
        1_767_225_600L,
        Long.MAX_VALUE / 4
      })
  void schedule_midRevolutionKeepsTheExactlySlotsAheadEntryOutOfTheCurrentRevolution(long start) {
    TimingWheel wheel = new TimingWheel(SLOTS, start);
    wheel.advanceTo(start + SLOTS / 2 + 3, record, Integer.MAX_VALUE);
    long base = wheel.cursor();
    Map<WheelEntry, Long> due = scheduleAt(wheel, base, DELAYS);

    // One step short of each entry's second: nothing may fire early (a slot shared by two
    // revolutions would fire the later one here).
    for (long delay : DELAYS) {
      if (delay > 0) {
        wheel.advanceTo(base + delay - 1, record, Integer.MAX_VALUE);
        long reached = base + delay - 1;
        assertThat(fired).allSatisfy(f -> assertThat(f.second()).isLessThanOrEqualTo(reached));
        assertThat(fired).hasSize((int) due.values().stream().filter(at -> at <= reached).count());
      }
      wheel.advanceTo(base + delay, record, Integer.MAX_VALUE);
    }

    assertEachFiredOnceAtItsSecondInOrder(due);
  }

  @ParameterizedTest
  @ValueSource(
      longs = {
        0,
        -1,
        -86_400 * 365L,
        SLOTS,
        Integer.MAX_VALUE + 5L,
        1_767_225_600L,
        Long.MAX_VALUE / 4
      })
  void advanceTo_aMillionSecondJumpFiresEveryOverdueEntryInSecondOrderThroughASmallBudget(
      long start) {
    TimingWheel wheel = new TimingWheel(SLOTS, start);
    long jump = 1_000_000;
    Map<WheelEntry, Long> due = new HashMap<>();
    Random random = new Random(start);
    for (long delay : DELAYS) {
      // three entries per second, so a budget of 2 runs out inside a slot
      for (int i = 0; i < 3; i++) {
        due.putAll(scheduleAt(wheel, start, new long[] {delay}));
      }
    }
    for (int i = 0; i < 500; i++) {
      due.putAll(scheduleAt(wheel, start, new long[] {random.nextInt((int) jump + 1)}));
    }
    Map<WheelEntry, Long> beyond = scheduleAt(wheel, start, new long[] {jump + 1, 2 * jump});
    int budget = 2;

    Set<WheelEntry> seen = new HashSet<>();
    int left;
    do {
      int before = fired.size();
      left = wheel.advanceTo(start + jump, record, budget);
      assertThat(fired.size() - before).isEqualTo(budget - left);
      fired.subList(before, fired.size()).forEach(f -> seen.add(f.entry()));
      long cursor = wheel.cursor();
      // Everything before the cursor has fired, nothing after it has.
      assertThat(due.entrySet())
          .allMatch(
              e -> (e.getValue() < cursor) == seen.contains(e.getKey()) || e.getValue() == cursor);
      if (left == 0 && !fired.isEmpty()) {
        long lastSecond = fired.get(fired.size() - 1).second();
        boolean cutMidSlot =
            due.entrySet().stream()
                .anyMatch(e -> e.getValue() == lastSecond && !seen.contains(e.getKey()));
        if (cutMidSlot) {
          assertThat(cursor).isEqualTo(lastSecond); // resumes in the same slot
        }
      }
    } while (left == 0);

    assertThat(wheel.cursor()).isEqualTo(start + jump + 1);
    assertEachFiredOnceAtItsSecondInOrder(due);
    assertThat(wheel.size()).isEqualTo(beyond.size());

    fired.clear();
    wheel.advanceTo(start + 2 * jump, record, Integer.MAX_VALUE);
    assertEachFiredOnceAtItsSecondInOrder(beyond);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, -86_400 * 365L, Integer.MAX_VALUE + 5L, Long.MAX_VALUE / 4})
  void advanceTo_keepsTheCursorOnTheSlotWhoseEntriesTheBudgetCutShort(long start) {
    TimingWheel wheel = new TimingWheel(SLOTS, start);
    long second = start + 3 * SLOTS + 5; // arrives through the overflow queue
    for (int i = 0; i < 5; i++) {
      wheel.schedule(new WheelEntry(), second);
    }

    assertThat(wheel.advanceTo(start + 10 * SLOTS, record, 3)).isZero();
    assertThat(wheel.cursor()).isEqualTo(second);
    assertThat(wheel.size()).isEqualTo(2);
    assertThat(wheel.advanceTo(start + 10 * SLOTS, record, 1)).isZero();
    assertThat(wheel.cursor()).isEqualTo(second);
    assertThat(wheel.advanceTo(start + 10 * SLOTS, record, 3)).isEqualTo(2);
    assertThat(wheel.cursor()).isEqualTo(start + 10 * SLOTS + 1);
    assertThat(fired).hasSize(5).extracting(Fired::second).containsOnly(second);
    assertThat(fired).extracting(Fired::entry).doesNotHaveDuplicates();
  }

  @ParameterizedTest
  @ValueSource(
      longs = {0, 1, -1, -86_400 * 365L, SLOTS - 1, Integer.MAX_VALUE + 5L, Long.MAX_VALUE / 4})
  void advanceTo_firesAPeriodicEntryAtEachOfItsSecondsAcrossAJump(long start) {
    TimingWheel wheel = new TimingWheel(SLOTS, start);
    WheelEntry periodic = new WheelEntry();
    long period = SLOTS + 7; // never a whole revolution
    wheel.schedule(periodic, start);
    TimingWheel.FireSink reschedule =
        (entry, second) -> {
          fired.add(new Fired(entry, second));
          wheel.schedule(entry, second + period);
        };

    while (wheel.advanceTo(start + 100 * period, reschedule, 7) == 0) {
      // the budget is smaller than the fires due: call again, as the partition loop does
    }

    assertThat(fired).hasSize(101);
    for (int i = 0; i < fired.size(); i++) {
      assertThat(fired.get(i).second()).isEqualTo(start + i * period);
    }
    assertThat(wheel.size()).isEqualTo(1);
    assertThat(periodic.epochSecond()).isEqualTo(start + 101 * period);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, -86_400 * 365L, SLOTS, Integer.MAX_VALUE + 5L, Long.MAX_VALUE / 4})
  void cancel_beforeItsSecondKeepsAnEntryInASlotOrInOverflowFromFiring(long start) {
    TimingWheel wheel = new TimingWheel(SLOTS, start);
    WheelEntry inSlot = new WheelEntry();
    WheelEntry atEdge = new WheelEntry();
    WheelEntry inOverflow = new WheelEntry();
    WheelEntry keptInSlot = new WheelEntry();
    WheelEntry keptInOverflow = new WheelEntry();
    wheel.schedule(inSlot, start + 5);
    wheel.schedule(keptInSlot, start + 5);
    wheel.schedule(atEdge, start + SLOTS);
    wheel.schedule(inOverflow, start + 3 * SLOTS);
    wheel.schedule(keptInOverflow, start + 3 * SLOTS);

    assertThat(wheel.cancel(inSlot)).isTrue();
    assertThat(wheel.cancel(atEdge)).isTrue();
    wheel.advanceTo(start + 2 * SLOTS + 1, record, Integer.MAX_VALUE); // promotes the overflow
    assertThat(wheel.cancel(inOverflow)).isTrue();
    assertThat(wheel.cancel(inOverflow)).isFalse();
    assertThat(wheel.size()).isEqualTo(1);
    wheel.advanceTo(start + 20 * SLOTS, record, Integer.MAX_VALUE);

    assertThat(fired)
        .containsExactly(
            new Fired(keptInSlot, start + 5), new Fired(keptInOverflow, start + 3 * SLOTS));
    assertThat(wheel.size()).isZero();
    assertThat(inSlot.isCancelled()).isTrue();
    assertThat(inOverflow.isCancelled()).isTrue();
    assertThat(wheel.cancel(keptInSlot)).isFalse(); // already fired
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, -86_400 * 365L, SLOTS, Integer.MAX_VALUE + 5L, Long.MAX_VALUE / 4})
  void cancel_ofAnOverflowEntryStillInTheHeapDropsItWhenItSurfaces(long start) {
    TimingWheel wheel = new TimingWheel(SLOTS, start);
    WheelEntry far = new WheelEntry();
    WheelEntry sameSecond = new WheelEntry();
    wheel.schedule(far, start + 5 * SLOTS);
    wheel.schedule(sameSecond, start + 5 * SLOTS);

    assertThat(wheel.cancel(far)).isTrue();
    assertThat(wheel.size()).isEqualTo(1);
    wheel.advanceTo(start + 6 * SLOTS, record, Integer.MAX_VALUE);

    assertThat(fired).containsExactly(new Fired(sameSecond, start + 5 * SLOTS));
    assertThat(wheel.size()).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      longs = {0, 1, -1, -86_400 * 365L, SLOTS, Integer.MAX_VALUE + 5L, Long.MAX_VALUE / 4})
  void schedule_clampsASecondBeforeTheCursorToTheCursor(long start) {
    TimingWheel wheel = new TimingWheel(SLOTS, start);
    wheel.advanceTo(start + 2 * SLOTS + 9, record, Integer.MAX_VALUE);
    long cursor = wheel.cursor();
    WheelEntry justBefore = new WheelEntry();
    WheelEntry revolutionBefore = new WheelEntry();
    WheelEntry farBefore = new WheelEntry();
    WheelEntry minimum = new WheelEntry();

    wheel.schedule(justBefore, cursor - 1);
    wheel.schedule(revolutionBefore, cursor - SLOTS);
    wheel.schedule(farBefore, cursor - 86_400L * 365 * 100);
    wheel.schedule(minimum, Long.MIN_VALUE);

    for (WheelEntry entry : List.of(justBefore, revolutionBefore, farBefore, minimum)) {
      assertThat(entry.epochSecond()).isEqualTo(cursor);
    }
    wheel.advanceTo(cursor - 1, record, Integer.MAX_VALUE);
    assertThat(fired).isEmpty();
    wheel.advanceTo(cursor, record, Integer.MAX_VALUE);
    assertThat(fired).extracting(Fired::second).containsExactly(cursor, cursor, cursor, cursor);
    assertThat(fired)
        .extracting(Fired::entry)
        .containsExactlyInAnyOrder(justBefore, revolutionBefore, farBefore, minimum);
  }

  @ParameterizedTest
  @ValueSource(
      longs = {
        0,
        1,
        -1,
        -86_400 * 365L,
        SLOTS - 1,
        SLOTS,
        Integer.MAX_VALUE + 5L,
        1_767_225_600L,
        Long.MAX_VALUE / 4
      })
  void advanceTo_matchesABruteForceModelFromAHostileStart(long start) {
    Random random = new Random(start ^ 0x5DEECE66DL);
    TimingWheel wheel = new TimingWheel(SLOTS, start);
    List<WheelEntry> live = new ArrayList<>();
    Map<WheelEntry, Long> expected = new HashMap<>();
    long now = start - 1;
    for (int step = 0; step < 5_000; step++) {
      int op = random.nextInt(10);
      if (op < 5) {
        WheelEntry entry = new WheelEntry();
        long offset =
            switch (random.nextInt(3)) {
              case 0 -> random.nextInt(SLOTS + 2); // around the window's edge
              case 1 -> SLOTS * (long) random.nextInt(4); // whole revolutions ahead
              default -> random.nextInt(50 * SLOTS); // through the overflow queue
            };
        long at = now + 1 + offset;
        wheel.schedule(entry, at);
        live.add(entry);
        expected.put(entry, at);
      } else if (op < 7 && !live.isEmpty()) {
        WheelEntry victim = live.remove(random.nextInt(live.size()));
        wheel.cancel(victim);
        expected.remove(victim);
      } else {
        now += random.nextInt(random.nextInt(10) == 0 ? 20 * SLOTS : SLOTS + 2);
        fired.clear();
        int budget = 1 + random.nextInt(4);
        while (wheel.advanceTo(now, record, budget) == 0) {
          // resume where the budget stopped
        }
        assertThat(fired).extracting(Fired::second).isSorted();
        for (Fired f : fired) {
          assertThat(expected.remove(f.entry())).isEqualTo(f.second());
          live.remove(f.entry());
        }
        long reached = now;
        assertThat(expected.values()).allMatch(at -> at > reached);
      }
      assertThat(wheel.size()).isEqualTo(expected.size());
    }
  }
}
