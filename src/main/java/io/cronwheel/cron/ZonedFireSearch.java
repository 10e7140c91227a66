package io.cronwheel.cron;

import java.time.Instant;
import java.time.ZoneId;

/**
 * Turns local matches from {@link LocalTimeSearch} into fire instants in a zone, with these DST
 * rules:
 *
 * <ul>
 *   <li>Gap (spring forward, local times that do not exist): a local match inside the gap fires at
 *       {@code local - offsetBefore}, the instant {@code ZonedDateTime.ofLocal} picks (02:30 on a
 *       one-hour gap fires at 03:30 new time). Such a fire can coincide with a regular one (03:30
 *       itself); it then fires once.
 *   <li>Overlap (fall back, local times that happen twice): the first occurrence always fires; the
 *       second one only when the hour field matches every hour, so hourly and finer jobs keep
 *       firing every real hour while a daily job fires once.
 * </ul>
 *
 * The timeline is cut into segments of constant offset at the zone's transitions. Within a segment
 * local and instant time are a plain shift. A segment that starts with a gap also owns the gap's
 * local times, which map into its first {@code gap} seconds; a segment that starts with an overlap
 * skips the repeated local times unless the hour field is full. The answer is the earliest instant
 * over both candidate sets of the first segment that has one, so results are strictly increasing
 * and never duplicated.
 */
final class ZonedFireSearch {

  private static final long NONE = LocalTimeSearch.NONE;

  private final LocalTimeSearch localSearch;
  private final boolean fireInRepeatedHour;
  private final boolean fixedOffset;
  private final int fixedOffsetSeconds;
  private final ZoneTimeline timeline;

  ZonedFireSearch(CompiledFields fields, ZoneId zone) {
    this.localSearch = new LocalTimeSearch(fields);
    this.fireInRepeatedHour = fields.everyHour();
    this.fixedOffset = zone.getRules().isFixedOffset();
    this.fixedOffsetSeconds = zone.getRules().getOffset(Instant.EPOCH).getTotalSeconds();
    this.timeline = fixedOffset ? null : ZoneTimeline.of(zone);
  }

  /**
   * The first fire instant at or after {@code fromEpochSecond}, or {@link LocalTimeSearch#NONE}.
   */
  long firstFireFrom(long fromEpochSecond) {
    if (fixedOffset) {
      long local = localSearch.nextMatch(fromEpochSecond + fixedOffsetSeconds, NONE);
      return local == NONE ? NONE : local - fixedOffsetSeconds;
    }
    long from = fromEpochSecond;
    long giveUpAt =
        fromEpochSecond + CivilCalendar.SECONDS_PER_CYCLE + CivilCalendar.SECONDS_PER_DAY;
    while (from < giveUpAt) {
      int segment = timeline.segmentIndex(from);
      long segmentEnd =
          segment >= 0 ? timeline.segmentEnd(segment) : timeline.transitionAfter(from);
      long fire =
          segment >= 0
              ? firstFireInSegment(
                  from,
                  timeline.segmentStart(segment),
                  segmentEnd,
                  timeline.offsetBeforeSegment(segment),
                  timeline.segmentOffset(segment))
              : firstFireInSegment(from, segmentEnd);
      if (fire != NONE || segmentEnd == ZoneTimeline.NO_TRANSITION_AFTER) {
        return fire;
      }
      from = segmentEnd;
    }
    return NONE;
  }

  /** Slow path for instants outside the zone timeline's precomputed segments. */
  private long firstFireInSegment(long from, long segmentEnd) {
    long segmentStart = timeline.transitionAtOrBefore(from);
    int offset = timeline.offsetAt(from);
    int offsetBefore =
        segmentStart == ZoneTimeline.NO_TRANSITION_BEFORE
            ? offset
            : timeline.offsetAt(segmentStart - 1);
    return firstFireInSegment(from, segmentStart, segmentEnd, offsetBefore, offset);
  }

  /**
   * Earliest fire in {@code [from, segmentEnd)}, where the offset is {@code offset} and the segment
   * started at {@code segmentStart <= from} by a transition from {@code offsetBefore}.
   */
  private long firstFireInSegment(
      long from, long segmentStart, long segmentEnd, int offsetBefore, int offset) {
    long lowLocal = from + offset;
    if (offsetBefore > offset && !fireInRepeatedHour) {
      lowLocal =
          Math.max(
              lowLocal, segmentStart + offsetBefore); // skip second occurrences of repeated times
    }
    long limitLocal = segmentEnd == ZoneTimeline.NO_TRANSITION_AFTER ? NONE : segmentEnd + offset;
    long local = localSearch.nextMatch(lowLocal, limitLocal);
    long fire = local == NONE ? NONE : local - offset;
    if (offset > offsetBefore && from < segmentStart + (offset - offsetBefore)) {
      // local times in the gap [segmentStart + offsetBefore, segmentStart + offset) fire at local -
      // offsetBefore
      long gapLocal = localSearch.nextMatch(from + offsetBefore, segmentStart + offset);
      if (gapLocal != NONE) {
        fire = Math.min(fire, gapLocal - offsetBefore);
      }
    }
    return fire;
  }
}
