package io.cronwheel.cron;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns bad input into messages that name the field and the reason. cron-utils reports errors
 * without saying which field failed ("Value 61 not in range [0, 59]"), so a failing expression is
 * re-parsed one field at a time, with {@code *} in the other fields, to find the culprit.
 */
final class ParseErrors {

  /** One list item: *, ?, a value or range (names, L, W, # included), then an optional /step. */
  private static final Pattern ITEM =
      Pattern.compile("(\\*|\\?|[0-9A-Z]+(-[0-9A-Z]+)?(#[0-9]+)?)(/[0-9]+)?");

  private static final Pattern OUT_OF_RANGE =
      Pattern.compile("Value (-?\\d+) not in range \\[(-?\\d+), (-?\\d+)]");
  private static final Pattern BAD_STEP = Pattern.compile("Period (-?\\d+) not in range");
  private static final String CRON_UTILS_PREFIX = "Failed to parse cron expression. ";

  private ParseErrors() {}

  /**
   * Rejects item shapes that cron-utils 9.2.1 would silently accept or crash on: {@code MON#2#3}
   * parses as {@code MON#2}, {@code 5#} throws ArrayIndexOutOfBoundsException.
   */
  static void checkShape(Field field, String text) {
    if (text.endsWith(",") || text.startsWith(",") || text.contains(",,")) {
      throw InvalidCronException.inField(field, "empty list item in '" + text + "'");
    }
    for (String item : text.toUpperCase(Locale.ROOT).split(",", -1)) {
      if (item.equals("?") && field != Field.DAY_OF_MONTH && field != Field.DAY_OF_WEEK) {
        throw InvalidCronException.inField(
            field, "'?' is only allowed in day-of-month and day-of-week");
      }
      if (item.contains("?") && !text.equals("?")) {
        throw InvalidCronException.inField(field, "'?' must stand alone, not in '" + text + "'");
      }
      if (!ITEM.matcher(item).matches()) {
        throw InvalidCronException.inField(field, "invalid value '" + text + "'");
      }
    }
  }

  /**
   * Explains a cron-utils failure of the whole expression in terms of the first field that fails on
   * its own.
   */
  static InvalidCronException explain(String[] fields, RuntimeException failure) {
    for (int position = 0; position < fields.length; position++) {
      String[] probe = new String[fields.length];
      Arrays.fill(probe, "*");
      probe[position] = fields[position];
      try {
        CronDefinitions.parse(String.join(" ", probe));
      } catch (RuntimeException fieldFailure) {
        Field field = Field.at(position);
        return new InvalidCronException(
            field.label() + ": " + reason(field, fields[position], fieldFailure), fieldFailure);
      }
    }
    return new InvalidCronException(
        "invalid cron expression '" + String.join(" ", fields) + "': " + detail(failure), failure);
  }

  private static String reason(Field field, String text, RuntimeException failure) {
    String message = String.valueOf(failure.getMessage());
    Matcher range = OUT_OF_RANGE.matcher(message);
    if (range.find()) {
      return "value " + range.group(1) + " out of range " + range.group(2) + "-" + range.group(3);
    }
    Matcher step = BAD_STEP.matcher(message);
    if (step.find()) {
      return "step " + step.group(1) + " out of range 1-" + field.max();
    }
    boolean usefulDetail =
        failure instanceof IllegalArgumentException
            && !(failure instanceof NumberFormatException)
            && !message.contains("Invalid chars")
            && !message.contains("Invalid expression");
    return "invalid value '" + text + "'" + (usefulDetail ? " (" + detail(failure) + ")" : "");
  }

  private static String detail(RuntimeException failure) {
    String message = String.valueOf(failure.getMessage());
    return message.startsWith(CRON_UTILS_PREFIX)
        ? message.substring(CRON_UTILS_PREFIX.length())
        : message;
  }
}
