package io.cronwheel.cron;

import com.cronutils.model.Cron;
import com.cronutils.model.field.CronFieldName;
import com.cronutils.model.field.expression.FieldExpression;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Text to {@link CompiledFields}: expand macros, split and shape-check the six fields, let
 * cron-utils parse and range-check them, then compile its model to bit sets.
 */
final class CronCompiler {

  private static final int FIELD_COUNT = 6;
  private static final String FIELD_NAMES = "second minute hour day-of-month month day-of-week";

  /**
   * A named last weekday such as FRIL; cron-utils 9.2.1 accepts it only as the whole field, not in
   * a list.
   */
  private static final Pattern NAMED_LAST_WEEKDAY =
      Pattern.compile("(?i)\\b(SUN|MON|TUE|WED|THU|FRI|SAT)L\\b");

  private static final List<String> WEEKDAY_NAMES =
      List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  private CronCompiler() {}

  /** Compiles a trimmed expression or throws {@link InvalidCronException}. */
  static CompiledFields compile(String expression) {
    if (expression.isEmpty()) {
      throw new InvalidCronException("cron expression is empty; expected 6 fields: " + FIELD_NAMES);
    }
    String[] fields = Macros.expand(expression).split("\\s+");
    if (fields.length != FIELD_COUNT) {
      throw new InvalidCronException(
          "expected 6 fields ("
              + FIELD_NAMES
              + ") but found "
              + fields.length
              + " in '"
              + expression
              + "'");
    }
    for (int position = 0; position < FIELD_COUNT; position++) {
      ParseErrors.checkShape(Field.at(position), fields[position]);
    }
    fields[5] =
        NAMED_LAST_WEEKDAY
            .matcher(fields[5])
            .replaceAll(
                name -> WEEKDAY_NAMES.indexOf(name.group(1).toUpperCase(Locale.ROOT)) + "L");
    Cron cron;
    try {
      cron = CronDefinitions.parse(String.join(" ", fields));
    } catch (
        RuntimeException failure) { // cron-utils also throws NumberFormatException, AIOOBE, ...
      throw ParseErrors.explain(fields, failure);
    }
    return compile(cron, fields);
  }

  private static CompiledFields compile(Cron cron, String[] fields) {
    long seconds =
        FieldValues.bits(Field.SECOND, expression(cron, CronFieldName.SECOND), fields[0]);
    long minutes =
        FieldValues.bits(Field.MINUTE, expression(cron, CronFieldName.MINUTE), fields[1]);
    int hours = (int) FieldValues.bits(Field.HOUR, expression(cron, CronFieldName.HOUR), fields[2]);
    int months =
        (int) FieldValues.bits(Field.MONTH, expression(cron, CronFieldName.MONTH), fields[4]);
    DayMatcher days =
        new DayMatcher(
            DayFieldCompiler.dayOfMonth(expression(cron, CronFieldName.DAY_OF_MONTH), fields[3]),
            DayFieldCompiler.dayOfWeek(expression(cron, CronFieldName.DAY_OF_WEEK), fields[5]));
    return new CompiledFields(seconds, minutes, hours, months, days);
  }

  private static FieldExpression expression(Cron cron, CronFieldName name) {
    return cron.retrieve(name).getExpression();
  }
}
