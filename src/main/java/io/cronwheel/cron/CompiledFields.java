package io.cronwheel.cron;

/**
 * A cron expression compiled to bit sets: bit v is set when value v matches. Seconds and minutes
 * use bits 0..59 of a long, hours bits 0..23 and months bits 1..12 of an int; days are decided by a
 * {@link DayMatcher}. Every time-of-day set is non-empty, so any day that fires has a first fire
 * time.
 */
final class CompiledFields {

  private static final int ALL_HOURS = (1 << 24) - 1;

  private final long seconds;
  private final long minutes;
  private final int hours;
  private final int months;
  private final DayMatcher days;
  private final int firstSecondOfDay;
  private final boolean everyDay;

  CompiledFields(long seconds, long minutes, int hours, int months, DayMatcher days) {
    this.seconds = seconds;
    this.minutes = minutes;
    this.hours = hours;
    this.months = months;
    this.days = days;
    this.firstSecondOfDay = nextSecondOfDay(0);
    this.everyDay = days.everyDay() && months == 0b1_1111_1111_1110;
  }

  int months() {
    return months;
  }

  DayMatcher days() {
    return days;
  }

  /** Every day of every month fires, so day matching can be skipped. */
  boolean everyDay() {
    return everyDay;
  }

  /**
   * The hour field matches every hour, which is what makes a job fire again in a repeated
   * (fall-back) hour.
   */
  boolean everyHour() {
    return hours == ALL_HOURS;
  }

  int firstSecondOfDay() {
    return firstSecondOfDay;
  }

  /**
   * The first matching second of the day at or after {@code secondOfDay}, or -1 if none is left
   * that day.
   */
  int nextSecondOfDay(int secondOfDay) {
    int hour = secondOfDay / 3600;
    int minute = secondOfDay / 60 % 60;
    int second = secondOfDay % 60;
    if ((hours >>> hour & 1) != 0) {
      if ((minutes >>> minute & 1) != 0) {
        int nextSecond = nextBit(seconds, second);
        if (nextSecond >= 0) {
          return secondOfDay - second + nextSecond; // fast path: later in the same minute
        }
      }
      int nextMinute = nextBit(minutes, minute + 1);
      if (nextMinute >= 0) {
        return hour * 3600 + nextMinute * 60 + Long.numberOfTrailingZeros(seconds);
      }
    }
    int nextHour = nextBit(hours, hour + 1);
    if (nextHour >= 0) {
      return nextHour * 3600
          + Long.numberOfTrailingZeros(minutes) * 60
          + Long.numberOfTrailingZeros(seconds);
    }
    return -1;
  }

  /** Lowest set bit of {@code mask} at index {@code from} or above, or -1. */
  static int nextBit(long mask, int from) {
    if (from >= 64) {
      return -1;
    }
    long remaining = mask & (-1L << from);
    return remaining == 0 ? -1 : Long.numberOfTrailingZeros(remaining);
  }
}
