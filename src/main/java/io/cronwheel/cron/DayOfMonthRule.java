package io.cronwheel.cron;

/**
 * The compiled day-of-month field. Bit masks: {@code days} bit d = day d; {@code lastDayOffsets}
 * bit n = "L-n" ("L" is bit 0); {@code nearestWeekdays} bit d = "dW"; {@code lastWeekday} = "LW".
 * {@code restricted} is false for a bare {@code *} or {@code ?}.
 */
record DayOfMonthRule(
    int days, int lastDayOffsets, int nearestWeekdays, boolean lastWeekday, boolean restricted) {

  static final DayOfMonthRule ANY = new DayOfMonthRule(0, 0, 0, false, false);

  boolean isPlain() {
    return lastDayOffsets == 0 && nearestWeekdays == 0 && !lastWeekday;
  }

  /**
   * Matching days of a month of {@code length} days whose first day is weekday {@code
   * firstDayOfWeek}.
   */
  int monthMask(int length, int firstDayOfWeek) {
    int mask = days;
    for (int offsets = lastDayOffsets; offsets != 0; offsets &= offsets - 1) {
      int day = length - Integer.numberOfTrailingZeros(offsets);
      if (day >= 1) {
        mask |= 1 << day; // L-n before the 1st (e.g. L-30 in February) does not fire that month
      }
    }
    for (int wanted = nearestWeekdays; wanted != 0; wanted &= wanted - 1) {
      int day = Integer.numberOfTrailingZeros(wanted);
      if (day <= length) { // "31W" does not fire in a 30-day month (as Quartz and Spring)
        mask |= 1 << nearestWeekday(day, length, firstDayOfWeek);
      }
    }
    if (lastWeekday) {
      mask |= 1 << nearestWeekday(length, length, firstDayOfWeek);
    }
    return mask;
  }

  /**
   * The weekday nearest to {@code day} without leaving the month: Saturday moves back, Sunday
   * forward.
   */
  static int nearestWeekday(int day, int length, int firstDayOfWeek) {
    int dayOfWeek = (firstDayOfWeek + day - 1) % 7;
    if (dayOfWeek == 6) {
      return day == 1 ? 3 : day - 1;
    }
    if (dayOfWeek == 0) {
      return day == length ? day - 2 : day + 1;
    }
    return day;
  }
}
