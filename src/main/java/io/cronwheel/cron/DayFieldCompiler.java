package io.cronwheel.cron;

import com.cronutils.model.field.expression.Always;
import com.cronutils.model.field.expression.And;
import com.cronutils.model.field.expression.FieldExpression;
import com.cronutils.model.field.expression.On;
import com.cronutils.model.field.expression.QuestionMark;
import java.util.List;

/**
 * Compiles the two day fields, with their special characters, to {@link DayOfMonthRule} / {@link
 * DayOfWeekRule}.
 */
final class DayFieldCompiler {

  private static final int MAX_LAST_DAY_OFFSET = 30;
  private static final int MAX_NTH_WEEKDAY = 5;

  private DayFieldCompiler() {}

  static DayOfMonthRule dayOfMonth(FieldExpression expression, String text) {
    if (isUnrestricted(expression)) {
      return DayOfMonthRule.ANY;
    }
    int days = 0;
    int lastDayOffsets = 0;
    int nearestWeekdays = 0;
    boolean lastWeekday = false;
    for (FieldExpression item : items(expression)) {
      if (item instanceof On on && !FieldValues.isPlain(on)) {

        switch (on.getSpecialChar().getValue()) {
          case L -> lastDayOffsets |= 1 << lastDayOffset(on, text);
          case W -> nearestWeekdays |= 1 << on.getTime().getValue();
          case LW -> lastWeekday = true;
          default -> throw FieldValues.unsupported(Field.DAY_OF_MONTH, text);
        }
      } else {
        days |= (int) FieldValues.bits(Field.DAY_OF_MONTH, item, text);
      }
    }
    return new DayOfMonthRule(days, lastDayOffsets, nearestWeekdays, lastWeekday, true);
  }

  static DayOfWeekRule dayOfWeek(FieldExpression expression, String text) {
    if (isUnrestricted(expression)) {
      return DayOfWeekRule.ANY;
    }
    int weekdays = 0;
    long nthWeekdays = 0;
    int lastWeekdays = 0;
    for (FieldExpression item : items(expression)) {
      if (item instanceof On on && !FieldValues.isPlain(on)) {

        switch (on.getSpecialChar().getValue()) {
          case HASH -> nthWeekdays |= 1L << (8 * sunday0(on.getTime().getValue()) + nth(on, text));
          case L -> lastWeekdays |= 1 << lastWeekday(on, text);
          default -> throw FieldValues.unsupported(Field.DAY_OF_WEEK, text);
        }
      } else {
        weekdays |= foldSunday(FieldValues.bits(Field.DAY_OF_WEEK, item, text));
      }
    }
    return new DayOfWeekRule(weekdays, nthWeekdays, lastWeekdays, true);
  }

  /** Only a bare {@code *} or {@code ?} leaves a day field unrestricted (decides the OR rule). */
  private static boolean isUnrestricted(FieldExpression expression) {
    return expression instanceof Always || expression instanceof QuestionMark;
  }

  private static List<FieldExpression> items(FieldExpression expression) {
    return expression instanceof And and ? and.getExpressions() : List.of(expression);
  }

  private static int lastDayOffset(On on, String text) {
    if (on.getTime().getValue() >= 0) { // cron-utils accepts "3L" here
      throw InvalidCronException.inField(
          Field.DAY_OF_MONTH,
          "nL (last weekday n) is only for day-of-week; use L or L-n in '" + text + "'");
    }
    int offset =
        on.getNth().getValue() < 0 ? 0 : on.getNth().getValue(); // "L" has no nth, "L-3" has 3
    if (offset > MAX_LAST_DAY_OFFSET) {
      throw InvalidCronException.inField(
          Field.DAY_OF_MONTH, "L-" + offset + " out of range: n must be 1-" + MAX_LAST_DAY_OFFSET);
    }
    return offset;
  }

  private static int nth(On on, String text) {
    int nth = on.getNth().getValue();
    if (nth < 1 || nth > MAX_NTH_WEEKDAY) {
      throw InvalidCronException.inField(
          Field.DAY_OF_WEEK,
          "occurrence #" + nth + " in '" + text + "' out of range 1-" + MAX_NTH_WEEKDAY);
    }
    return nth;
  }

  private static int lastWeekday(On on, String text) {
    if (on.getTime().getValue() < 0 || on.getNth().getValue() >= 0) {
      throw InvalidCronException.inField(
          Field.DAY_OF_WEEK,
          "L needs a weekday before it, e.g. 5L or FRIL, in '"
              + text
              + "' (L-n is only for day-of-month)");
    }
    return sunday0(on.getTime().getValue());
  }

  private static int sunday0(int dayOfWeek) {
    return dayOfWeek == 7 ? 0 : dayOfWeek;
  }

  /** Day-of-week values run 0..7 with both ends Sunday; keep only bit 0 for Sunday. */
  private static int foldSunday(long bits) {
    return (int) ((bits | bits >>> 7) & 0x7F);
  }
}
