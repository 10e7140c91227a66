package io.cronwheel.cron;

/**
 * Proleptic Gregorian date arithmetic on epoch days (days since 1970-01-01), using only primitives
 * so the next-fire hot path allocates nothing. Algorithms after Howard Hinnant, "chrono-compatible
 * low-level date algorithms"; they are exact for every year java.time supports.
 */
final class CivilCalendar {

  static final int SECONDS_PER_DAY = 86_400;

  /**
   * The Gregorian calendar, weekdays included, repeats exactly every 400 years (146097 days = 20871
   * weeks).
   */
  static final long DAYS_PER_CYCLE = 146_097;

  static final long SECONDS_PER_CYCLE = DAYS_PER_CYCLE * SECONDS_PER_DAY;

  private static final long DAYS_0000_TO_1970 =
      719_468; // from 0000-03-01, the era start of the algorithm

  private CivilCalendar() {}

  static long epochDay(long year, int month, int day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    int shiftedMonth =
        month > 2 ? month - 3 : month + 9; // March = 0, so leap days fall at the year's end
    long dayOfYear = (153L * shiftedMonth + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * DAYS_PER_CYCLE + dayOfEra - DAYS_0000_TO_1970;
  }

  /**
   * Year, month and day of an epoch day, packed as {@code year << 9 | month << 5 | day}; see the
   * accessors.
   */
  static long civil(long epochDay) {
    long z = epochDay + DAYS_0000_TO_1970;
    long era = Math.floorDiv(z, DAYS_PER_CYCLE);
    long dayOfEra = z - era * DAYS_PER_CYCLE;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long shiftedMonth = (5 * dayOfYear + 2) / 153;
    long day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
    long month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    return year << 9 | month << 5 | day;
  }

  static long year(long civil) {
    return civil >> 9;
  }

  static int month(long civil) {
    return (int) (civil >> 5) & 15;
  }

  static int day(long civil) {
    return (int) civil & 31;
  }

  /** 0 = Sunday ... 6 = Saturday; 1970-01-01 was a Thursday. */
  static int dayOfWeek(long epochDay) {
    return (int) Math.floorMod(epochDay + 4, 7L);
  }

  static boolean isLeapYear(long year) {
    return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
  }

  static int lengthOfMonth(long year, int month) {
    return switch (month) {
      case 2 -> isLeapYear(year) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }
}
