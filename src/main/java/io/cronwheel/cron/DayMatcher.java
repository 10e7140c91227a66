package io.cronwheel.cron;

/**
 * Decides which days of a month fire, combining day-of-month and day-of-week like POSIX/Vixie cron:
 * when both fields are restricted a day fires if EITHER matches; when one is a bare {@code *} or
 * {@code ?} only the other one counts; when both are, every day fires.
 */
final class DayMatcher {

  private final DayOfMonthRule dayOfMonth;
  private final DayOfWeekRule dayOfWeek;

  DayMatcher(DayOfMonthRule dayOfMonth, DayOfWeekRule dayOfWeek) {
    this.dayOfMonth = dayOfMonth;
    this.dayOfWeek = dayOfWeek;
  }

  boolean everyDay() {
    return !dayOfMonth.restricted() && !dayOfWeek.restricted();
  }

  /** Bit d is set when day d of the month fires; bits beyond the month's length are clear. */
  int monthMask(long year, int month) {
    int length = CivilCalendar.lengthOfMonth(year, month);
    int validDays = (int) ((1L << (length + 1)) - 2);
    if (everyDay()) {
      return validDays;
    }
    int firstDayOfWeek = CivilCalendar.dayOfWeek(CivilCalendar.epochDay(year, month, 1));
    int mask = 0;
    if (dayOfMonth.restricted()) {
      mask |= dayOfMonth.monthMask(length, firstDayOfWeek);
    }
    if (dayOfWeek.restricted()) {
      mask |= dayOfWeek.monthMask(length, firstDayOfWeek);
    }
    return mask & validDays;
  }

  /**
   * Whether any day fires in any of the given months (bit m = month m). The calendar repeats every
   * 400 years, so scanning one such cycle decides it for all time.
   */
  boolean firesInAnyOf(int months) {
    for (long year = 2000; year < 2400; year++) {
      for (int month = 1; month <= 12; month++) {
        if ((months >>> month & 1) != 0 && monthMask(year, month) != 0) {
          return true;
        }
      }
    }
    return false;
  }
}
