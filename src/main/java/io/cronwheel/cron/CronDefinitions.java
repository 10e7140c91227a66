package io.cronwheel.cron;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;

/**
 * The cron-utils dialect: six fields, seconds first, Quartz-style specials (L, W, LW, #, nL, ?) but
 * Unix day-of-week numbering (0 or 7 = Sunday, 1 = Monday) and no "one of the day fields must be ?"
 * rule, so {@code * * MON-FRI} parses. Macros such as {@code @daily} are expanded by {@link Macros}
 * instead of cron-utils' nicknames, which in 9.2.1 only match lower case and report unknown ones as
 * "contains 1 parts".
 */
public final class CronDefinitions {

  /** Public so benchmarks can give cron-utils exactly the engine's dialect as a baseline. */
  public static final CronDefinition DEFINITION =
      CronDefinitionBuilder.defineCron()
          .withSeconds()
          .withValidRange(0, 59)
          .and()
          .withMinutes()
          .withValidRange(0, 59)
          .and()
          .withHours()
          .withValidRange(0, 23)
          .and()
          .withDayOfMonth()
          .withValidRange(1, 31)
          .supportsL()
          .supportsW()
          .supportsLW()
          .supportsQuestionMark()
          .and()
          .withMonth()
          .withValidRange(1, 12)
          .and()
          .withDayOfWeek()
          .withValidRange(0, 7)
          .withMondayDoWValue(1)
          .withIntMapping(7, 0)
          .supportsHash()
          .supportsL()
          .supportsQuestionMark()
          .and()
          .instance();

  // CronParser only reads state built in its constructor, so one instance serves all threads.
  private static final CronParser PARSER = new CronParser(DEFINITION);

  private CronDefinitions() {}

  /** Parses six space-separated fields; throws cron-utils' own (unspecific) exceptions. */
  static Cron parse(String sixFields) {
    return PARSER.parse(sixFields);
  }
}
