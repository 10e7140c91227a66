package io.cronwheel.cron;

/**
 * The evaluator: finds the next LOCAL date-time that matches compiled cron fields, knowing nothing
 * about zones. Local date-times are handled as "local epoch seconds", a {@code LocalDateTime}
 * counted in seconds from 1970-01-01T00:00 as if it were UTC, and the search runs field by field
 * from coarse to fine instead of testing every second: skip months outside the month set, then take
 * the first matching day of the month from a bit mask, then the first matching second of that day
 * from the hour, minute and second bit sets.
 *
 * <p>Worked example, {@code 31 10-15 1 * * MON-FRI} from Saturday 2025-03-01T12:00:00: March is in
 * the month set; the day mask of March 2025 (weekdays only) has day 1 clear, so the search moves to
 * the next set bit, Monday the 3rd, starting at 00:00:00; hour 0 is not in the hour set, the next
 * hour is 1, whose first minute is 10 and whose first second is 31: the answer is
 * 2025-03-03T01:10:31. From there the next one is 01:11:31 (the minute advances), and after
 * 01:15:31 it is Tuesday 01:10:31.
 *
 * <p>Termination: the Gregorian calendar, weekdays included, repeats every 400 years, so a search
 * that has found nothing within 400 years never will; the caller checks once at compile time that a
 * schedule fires at all ({@link DayMatcher#firesInAnyOf}), so in practice the search stops at the
 * first matching month.
 */
final class LocalTimeSearch {

  /** No match: larger than every real result, so {@code Math.min} picks real results. */
  static final long NONE = Long.MAX_VALUE;

  private final CompiledFields fields;

  LocalTimeSearch(CompiledFields fields) {
    this.fields = fields;
  }

  /** The first matching local second in {@code [fromLocal, limitLocal)}, or {@link #NONE}. */
  long nextMatch(long fromLocal, long limitLocal) {
    long limit =
        Math.min(
            limitLocal,
            fromLocal + CivilCalendar.SECONDS_PER_CYCLE + CivilCalendar.SECONDS_PER_DAY);
    long epochDay = Math.floorDiv(fromLocal, CivilCalendar.SECONDS_PER_DAY);
    int secondOfDay = Math.floorMod(fromLocal, CivilCalendar.SECONDS_PER_DAY);
    while (true) {
      long matchingDay = fields.everyDay() ? epochDay : nextMatchingDay(epochDay, limit);
      if (matchingDay == NONE) {
        return NONE;
      }
      if (matchingDay != epochDay) {
        secondOfDay = 0;
      }
      int second = fields.nextSecondOfDay(secondOfDay);
      if (second >= 0) {
        long match = matchingDay * CivilCalendar.SECONDS_PER_DAY + second;
        return match < limit ? match : NONE;
      }
      epochDay = matchingDay + 1;
      secondOfDay = 0;
    }
  }

  /**
   * The first firing epoch day at or after {@code epochDay} that starts before {@code limitLocal},
   * or NONE.
   */
  private long nextMatchingDay(long epochDay, long limitLocal) {
    long day = epochDay;
    while (day * CivilCalendar.SECONDS_PER_DAY < limitLocal) {
      long civil = CivilCalendar.civil(day);
      long year = CivilCalendar.year(civil);
      int month = CivilCalendar.month(civil);
      int dayOfMonth = CivilCalendar.day(civil);
      if ((fields.months() >>> month & 1) != 0) {
        int remaining = fields.days().monthMask(year, month) & (-1 << dayOfMonth);
        if (remaining != 0) {
          return day + Integer.numberOfTrailingZeros(remaining) - dayOfMonth;
        }
      }
      day = firstDayOfNextMonthInSet(year, month);
    }
    return NONE;
  }

  private long firstDayOfNextMonthInSet(long year, int month) {
    int next = CompiledFields.nextBit(fields.months(), month + 1);
    if (next < 0) {
      return CivilCalendar.epochDay(year + 1, Integer.numberOfTrailingZeros(fields.months()), 1);
    }
    return CivilCalendar.epochDay(year, next, 1);
  }
}
