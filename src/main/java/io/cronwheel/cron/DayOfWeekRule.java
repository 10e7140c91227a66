package io.cronwheel.cron;

/**
 * The compiled day-of-week field (0 = Sunday). Bit masks: {@code weekdays} bit w = weekday w;
 * {@code nthWeekdays} bit (8 * w + n) = "w#n", the n-th such weekday of the month; {@code
 * lastWeekdays} bit w = "wL", the last such weekday of the month. {@code restricted} is false for a
 * bare {@code *} or {@code ?}.
 */
record DayOfWeekRule(int weekdays, long nthWeekdays, int lastWeekdays, boolean restricted) {

  static final DayOfWeekRule ANY = new DayOfWeekRule(0, 0, 0, false);

  /** Bits 0, 7, 14, 21 and 28: multiplying a 7-bit week by it repeats the week five times. */
  private static final long FIVE_WEEKS = 0x10204081L;

  boolean isPlain() {
    return nthWeekdays == 0 && lastWeekdays == 0;
  }

  boolean matches(int day, int dayOfWeek, int length) {
    return (weekdays >>> dayOfWeek & 1) != 0
        || (nthWeekdays >>> (8 * dayOfWeek + (day - 1) / 7 + 1) & 1) != 0
        || ((lastWeekdays >>> dayOfWeek & 1) != 0 && day + 7 > length);
  }

  /**
   * Matching days of a month of {@code length} days whose first day is weekday {@code
   * firstDayOfWeek}; bits beyond the length may be set (the caller masks them).
   */
  int monthMask(int length, int firstDayOfWeek) {
    if (isPlain()) {
      // rotate the week so bit k is the weekday of day k + 1, then repeat it five times (35 days)
      int week = (weekdays >>> firstDayOfWeek | weekdays << (7 - firstDayOfWeek)) & 0x7F;
      return (int) ((week * FIVE_WEEKS) << 1);
    }
    int mask = 0;
    int dayOfWeek = firstDayOfWeek;
    for (int day = 1; day <= length; day++) {
      if (matches(day, dayOfWeek, length)) {
        mask |= 1 << day;
      }
      dayOfWeek = dayOfWeek == 6 ? 0 : dayOfWeek + 1;
    }
    return mask;
  }
}
