package io.cronwheel.cron;

import static io.cronwheel.cron.CronTestSupport.UTC;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input is rejected with a message that names the field and the reason. */
class InvalidCronTest {

  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0 61 * * * *            | minute: value 61 out of range 0-59",
        "60 * * * * *            | second: value 60 out of range 0-59",
        "0 0 24 * * *            | hour: value 24 out of range 0-23",
        "0 0 0 0 * *             | day-of-month: value 0 out of range 1-31",
        "0 0 0 32 * *            | day-of-month: value 32 out of range 1-31",
        "0 0 0 * 13 *            | month: value 13 out of range 1-12",
        "0 0 0 * * 8             | day-of-week: value 8 out of range 0-7",
        "0 1-60 * * * *          | minute: value 60 out of range 0-59",
        "0 */0 * * * *           | minute: step 0 out of range 1-59",
        "0 */60 * * * *          | minute: step 60 out of range 1-59",
        "0 0 */24 * * *          | hour: step 24 out of range 1-23",
        "a * * * * *             | second: invalid value 'a'",
        "0 0 0 * * FOO           | day-of-week: invalid value 'FOO'",
        "0 0 0 ? JAN MAR         | invalid value",
        "0 0 0 ? * JAN           | day-of-week: invalid value 'JAN'",
        "0 0 0 * MON *           | month: invalid value 'MON'",
        "-1 * * * * *            | second: invalid value '-1'",
        "1-2-3 * * * * *         | second: invalid value '1-2-3'",
        "*/5/2 * * * * *         | second: invalid value '*/5/2'",
        "1,,2 * * * * *          | second: empty list item in '1,,2'",
        "1, * * * * *            | second: empty list item in '1,'",
        "? * * * * *             | second: '?' is only allowed in day-of-month and day-of-week",
        "0 0 0 ?,1 * *           | day-of-month: '?' must stand alone",
        "0 L * * * *             | minute: invalid value 'L'",
        "0 0 0 W * ?             | day-of-month: invalid value 'W'",
        "0 0 0 32W * ?           | day-of-month: value 32 out of range 1-31",
        "0 0 0 3L * ?            | day-of-month: nL (last weekday n) is only for day-of-week",
        "0 0 0 L-31 * ?          | day-of-month: L-31 out of range: n must be 1-30",
        "0 0 0 ? * MON#6         | day-of-week: occurrence #6 in 'MON#6' out of range 1-5",
        "0 0 0 ? * MON#0         | day-of-week: occurrence #0 in 'MON#0' out of range 1-5",
        "0 0 0 ? * MON#2#3       | day-of-week: invalid value 'MON#2#3'",
        "0 0 0 ? * 5#            | day-of-week: invalid value '5#'",
        "0 0 0 ? * #2            | day-of-week: invalid value '#2'",
        "0 0 0 ? * L             | day-of-week: L needs a weekday before it",
        "0 0 0 ? * L-2           | day-of-week: L needs a weekday before it",
        "0 0 0 ? * 8L            | day-of-week: value 8 out of range 0-7",
        "* * * * *               | expected 6 fields (second minute hour day-of-month month day-of-week) but found 5",
        "* * * * * * *           | expected 6 fields (second minute hour day-of-month month day-of-week) but found 7",
        "garbage                 | expected 6 fields",
        "@reboot                 | unknown macro '@reboot'; supported: @yearly, @annually",
        "@every 5s               | unknown macro '@every 5s'",
      })
  void parse_rejectsWithFieldAndReason(String expression, String expectedMessagePart) {
    assertThatThrownBy(() -> CronSchedule.parse(expression, UTC))
        .isInstanceOf(InvalidCronException.class)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(expectedMessagePart);
  }

  @Test
  void parse_rejectsEmptyAndBlank() {
    assertThatThrownBy(() -> CronSchedule.parse("", UTC))
        .isInstanceOf(InvalidCronException.class)
        .hasMessageStartingWith("cron expression is empty");
    assertThatThrownBy(() -> CronSchedule.parse(" \t ", UTC))
        .isInstanceOf(InvalidCronException.class)
        .hasMessageStartingWith("cron expression is empty");
  }

  @Test
  void parse_rejectsNullExpressionAndZone() {
    assertThatThrownBy(() -> CronSchedule.parse(null, UTC))
        .isInstanceOf(InvalidCronException.class)
        .hasMessage("cron expression must not be null");
    assertThatThrownBy(() -> CronSchedule.parse("* * * * * *", null))
        .isInstanceOf(NullPointerException.class);
  }
}
