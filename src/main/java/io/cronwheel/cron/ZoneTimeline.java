package io.cronwheel.cron;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A zone's UTC-offset transitions as primitive arrays, so the per-fire path does a binary search
 * instead of allocating {@code Instant}s and {@code ZoneOffsetTransition}s. Transitions between
 * 1900 and 2300 are precomputed once per zone; instants outside that window fall back to {@link
 * ZoneRules}.
 */
final class ZoneTimeline {

  /** Returned when there is no transition before / after an instant. */
  static final long NO_TRANSITION_BEFORE = Long.MIN_VALUE;

  static final long NO_TRANSITION_AFTER = Long.MAX_VALUE;

  private static final long WINDOW_START = Instant.parse("1900-01-01T00:00:00Z").getEpochSecond();
  private static final long WINDOW_END = Instant.parse("2300-01-01T00:00:00Z").getEpochSecond();
  private static final ConcurrentHashMap<ZoneId, ZoneTimeline> BY_ZONE = new ConcurrentHashMap<>();

  private final ZoneRules rules;

  /**
   * Transition instants inside the window, ascending; offsetsAfter[i] applies from transitions[i]
   * on.
   */
  private final long[] transitions;

  private final int[] offsetsAfter;
  private final int[] offsetsBefore;
  private final int offsetAtWindowStart;
  private final long lastTransitionBeforeWindow;
  private final boolean noTransitionAfterWindow;

  private ZoneTimeline(ZoneRules rules) {
    this.rules = rules;
    List<ZoneOffsetTransition> found = new ArrayList<>();
    ZoneOffsetTransition next = rules.nextTransition(Instant.ofEpochSecond(WINDOW_START - 1));
    while (next != null && next.toEpochSecond() < WINDOW_END) {
      found.add(next);
      next = rules.nextTransition(next.getInstant());
    }
    transitions = found.stream().mapToLong(ZoneOffsetTransition::toEpochSecond).toArray();
    offsetsAfter = found.stream().mapToInt(t -> t.getOffsetAfter().getTotalSeconds()).toArray();
    offsetsBefore = found.stream().mapToInt(t -> t.getOffsetBefore().getTotalSeconds()).toArray();
    offsetAtWindowStart = rules.getOffset(Instant.ofEpochSecond(WINDOW_START)).getTotalSeconds();
    ZoneOffsetTransition before = rules.previousTransition(Instant.ofEpochSecond(WINDOW_START));
    lastTransitionBeforeWindow = before == null ? NO_TRANSITION_BEFORE : before.toEpochSecond();
    // zones like Asia/Tokyo stopped changing offsets long ago: answer "none after" without asking
    // the rules
    noTransitionAfterWindow = rules.nextTransition(Instant.ofEpochSecond(WINDOW_END - 1)) == null;
  }

  /** Shared per zone; only for zones whose rules are not a fixed offset. */
  static ZoneTimeline of(ZoneId zone) {
    return BY_ZONE.computeIfAbsent(zone, z -> new ZoneTimeline(z.getRules()));
  }

  /**
   * Index i of the precomputed segment {@code [transition(i), transition(i + 1))} holding the
   * instant, or -1 if the instant is not inside such a segment (then use the methods taking
   * instants).
   */
  int segmentIndex(long epochSecond) {
    if (outsideWindow(epochSecond)) {
      return -1;
    }
    int index = lastTransitionAtOrBefore(epochSecond);
    return index + 1 < transitions.length ? index : -1;
  }

  long segmentStart(int index) {
    return transitions[index];
  }

  long segmentEnd(int index) {
    return transitions[index + 1];
  }

  int segmentOffset(int index) {
    return offsetsAfter[index];
  }

  int offsetBeforeSegment(int index) {
    return offsetsBefore[index];
  }

  int offsetAt(long epochSecond) {
    if (outsideWindow(epochSecond)) {
      return rules.getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
    }
    int index = lastTransitionAtOrBefore(epochSecond);
    return index >= 0 ? offsetsAfter[index] : offsetAtWindowStart;
  }

  /** The latest transition at or before the instant, or {@link #NO_TRANSITION_BEFORE}. */
  long transitionAtOrBefore(long epochSecond) {
    if (!outsideWindow(epochSecond)) {
      int index = lastTransitionAtOrBefore(epochSecond);
      return index >= 0 ? transitions[index] : lastTransitionBeforeWindow;
    }
    ZoneOffsetTransition previous =
        rules.previousTransition(Instant.ofEpochSecond(epochSecond + 1));
    return previous == null ? NO_TRANSITION_BEFORE : previous.toEpochSecond();
  }

  /** The earliest transition strictly after the instant, or {@link #NO_TRANSITION_AFTER}. */
  long transitionAfter(long epochSecond) {
    if (!outsideWindow(epochSecond)) {
      int next = lastTransitionAtOrBefore(epochSecond) + 1;
      if (next < transitions.length) {
        return transitions[next];
      }
      if (noTransitionAfterWindow) {
        return NO_TRANSITION_AFTER;
      }
    }
    ZoneOffsetTransition next = rules.nextTransition(Instant.ofEpochSecond(epochSecond));
    return next == null ? NO_TRANSITION_AFTER : next.toEpochSecond();
  }

  private boolean outsideWindow(long epochSecond) {
    return epochSecond < WINDOW_START || epochSecond >= WINDOW_END;
  }

  /** Index of the last transition at or before the instant, -1 if none in the window. */
  private int lastTransitionAtOrBefore(long epochSecond) {
    int low = 0;
    int high = transitions.length - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      if (transitions[mid] <= epochSecond) {
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return low - 1;
  }
}
