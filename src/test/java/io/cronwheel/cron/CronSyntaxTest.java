package io.cronwheel.cron;

import static io.cronwheel.cron.CronTestSupport.UTC;
import static io.cronwheel.cron.CronTestSupport.utcFires;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What each piece of syntax means, checked on hand-computed fire times in UTC. */
class CronSyntaxTest {

  @Test
  void parse_seedExampleWithStarInBothDayFields() {
    // 2025-03-01 is a Saturday: the first weekday is Monday the 3rd
    assertThat(utcFires("31 10-15 1 * * MON-FRI", "2025-03-01T12:00:00", 8))
        .containsExactly(
            "2025-03-03T01:10:31",
            "2025-03-03T01:11:31",
            "2025-03-03T01:12:31",
            "2025-03-03T01:13:31",
            "2025-03-03T01:14:31",
            "2025-03-03T01:15:31",
            "2025-03-04T01:10:31",
            "2025-03-04T01:11:31");
  }

  @Test
  void parse_keepsTrimmedExpressionAndZone() {
    ZoneId zone = ZoneId.of("Europe/Berlin");
    CronSchedule schedule = CronSchedule.parse("  0 0 12 * * *\t", zone);
    assertThat(schedule.expression()).isEqualTo("0 0 12 * * *");
    assertThat(schedule.zone()).isEqualTo(zone);
    assertThat(schedule)
        .isEqualTo(CronSchedule.parse("0 0 12 * * *", zone))
        .hasToString("CronSchedule[0 0 12 * * * @ Europe/Berlin]");
  }

  @ParameterizedTest(name = "{0} == {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0 0 0 * * 7         | 0 0 0 * * 0",
        "0 0 0 * * SUN       | 0 0 0 * * 0",
        "0 0 0 * * sun,Mon   | 0 0 0 * * 0,1",
        "0 0 0 * * MON-FRI   | 0 0 0 * * 1-5",
        "0 0 0 * * SUN-SAT   | 0 0 0 * * *",
        "0 0 0 * * MON-SUN   | 0 0 0 * * *",
        "0 0 0 * * 6-7       | 0 0 0 * * 0,6",
        "0 0 0 * * FRI-MON   | 0 0 0 * * 5,6,0,1",
        "0 0 0 * * SUN-WED/2 | 0 0 0 * * 0,2",
        "0 0 0 * * FRI-MON/2 | 0 0 0 * * 5,0",
        "0 0 0 * * 7-1       | 0 0 0 * * 0,1",
        "0 0 0 * * */2       | 0 0 0 * * 0,2,4,6",
        "0 0 0 * * 1/2       | 0 0 0 * * 1,3,5,0",
        "0 0 0 ? jan-mar *   | 0 0 0 * 1,2,3 *",
        "0 0 0 1 NOV-FEB ?   | 0 0 0 1 11,12,1,2 *",
        "0 0 0 1 */3 *       | 0 0 0 1 1,4,7,10 *",
        "*/15 * * * * *      | 0,15,30,45 * * * * *",
        "5/20 * * * * *      | 5,25,45 * * * * *",
        "0 10-30/10 * * * *  | 0 10,20,30 * * * *",
        "0 50-10/7 * * * *   | 0 50,57,4 * * * *",
        "0 0 22-2 * * *      | 0 0 22,23,0,1,2 * * *",
        "0 0 0 ? * *         | 0 0 0 * * *",
        "0 0 0 ? * ?         | 0 0 0 * * *",
        "0 0 0 1-L/10 * *    | 0 0 0 1,11,21,31 * *",
        "@yearly             | 0 0 0 1 1 *",
        "@annually           | 0 0 0 1 1 *",
        "@monthly            | 0 0 0 1 * *",
        "@weekly             | 0 0 0 * * 0",
        "@daily              | 0 0 0 * * *",
        "@MIDNIGHT           | 0 0 0 * * *",
        "@hourly             | 0 0 * * * *",
      })
  void parse_equivalentSpellingsFireAlike(String expression, String equivalent) {
    assertThat(utcFires(expression, "2024-12-30T07:00:00", 40))
        .isEqualTo(utcFires(equivalent, "2024-12-30T07:00:00", 40))
        .hasSize(40);
  }

  @Test
  void nextFire_lastDayOfMonthAndOffsets() {
    assertThat(utcFires("0 0 0 L * ?", "2024-01-15T00:00:00", 3))
        .containsExactly("2024-01-31T00:00", "2024-02-29T00:00", "2024-03-31T00:00");
    assertThat(utcFires("0 0 0 L-3 * ?", "2025-01-01T00:00:00", 3))
        .containsExactly("2025-01-28T00:00", "2025-02-25T00:00", "2025-03-28T00:00");
    assertThat(
            utcFires("0 0 0 L-30 * ?", "2025-01-02T00:00:00", 3)) // only 31-day months have an L-30
        .containsExactly("2025-03-01T00:00", "2025-05-01T00:00", "2025-07-01T00:00");
  }

  @Test
  void nextFire_nearestWeekday() {
    // Feb 1 2025 is a Saturday -> Monday 3rd (not back into January); Jun 1 2025 is a Sunday ->
    // Monday 2nd
    assertThat(utcFires("0 0 0 1W * ?", "2025-01-15T00:00:00", 5))
        .containsExactly(
            "2025-02-03T00:00",
            "2025-03-03T00:00",
            "2025-04-01T00:00",
            "2025-05-01T00:00",
            "2025-06-02T00:00");
    // Nov 15 2025 is a Saturday -> Friday 14th; Jun 15 2025 is a Sunday -> Monday 16th
    assertThat(utcFires("0 0 0 15W * ?", "2025-06-01T00:00:00", 6))
        .containsExactly(
            "2025-06-16T00:00",
            "2025-07-15T00:00",
            "2025-08-15T00:00",
            "2025-09-15T00:00",
            "2025-10-15T00:00",
            "2025-11-14T00:00");
    // 31W skips 30-day months; May 31 2025 is a Saturday -> Friday 30th
    assertThat(utcFires("0 0 0 31W * ?", "2025-04-01T00:00:00", 2))
        .containsExactly("2025-05-30T00:00", "2025-07-31T00:00");
    // last weekday: Aug 31 2025 is a Sunday -> Friday 29th
    assertThat(utcFires("0 0 0 LW * ?", "2025-08-01T00:00:00", 2))
        .containsExactly("2025-08-29T00:00", "2025-09-30T00:00");
  }

  @Test
  void nextFire_nthAndLastWeekdayOfMonth() {
    assertThat(utcFires("0 0 9 ? * MON#2", "2025-01-01T00:00:00", 3))
        .containsExactly("2025-01-13T09:00", "2025-02-10T09:00", "2025-03-10T09:00");
    assertThat(utcFires("0 0 9 ? * 1#2", "2025-01-01T00:00:00", 3))
        .isEqualTo(utcFires("0 0 9 ? * MON#2", "2025-01-01T00:00:00", 3));
    assertThat(utcFires("0 0 9 ? * 7#1", "2025-01-01T00:00:00", 2)) // 7 = Sunday here too
        .containsExactly("2025-01-05T09:00", "2025-02-02T09:00");
    assertThat(
            utcFires("0 0 9 ? * MON#5", "2025-01-01T00:00:00", 2)) // only months with five Mondays
        .containsExactly("2025-03-31T09:00", "2025-06-30T09:00");
    assertThat(utcFires("0 0 18 ? * 5L", "2025-01-01T00:00:00", 3))
        .containsExactly("2025-01-31T18:00", "2025-02-28T18:00", "2025-03-28T18:00");
    assertThat(utcFires("0 0 18 ? * FRIL", "2025-01-01T00:00:00", 3))
        .isEqualTo(utcFires("0 0 18 ? * 5L", "2025-01-01T00:00:00", 3));
  }

  @Test
  void nextFire_listsMixPlainAndSpecialDays() {
    assertThat(utcFires("0 0 0 1,15W,L * ?", "2025-11-01T00:00:00", 4))
        .containsExactly(
            "2025-11-14T00:00", "2025-11-30T00:00", "2025-12-01T00:00", "2025-12-15T00:00");
    assertThat(utcFires("0 0 0 ? * MON#1,FRIL,WED", "2025-01-01T00:00:00", 4))
        .containsExactly(
            "2025-01-06T00:00", "2025-01-08T00:00", "2025-01-15T00:00", "2025-01-22T00:00");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // both day fields restricted: a day fires if EITHER matches (POSIX/Vixie)
        "0 0 0 13 * FRI      | 2025-06-06T00:00, 2025-06-13T00:00, 2025-06-20T00:00, 2025-06-27T00:00, 2025-07-04T00:00, 2025-07-11T00:00, 2025-07-13T00:00",
        "0 0 0 1,15 * MON    | 2025-06-02T00:00, 2025-06-09T00:00, 2025-06-15T00:00, 2025-06-16T00:00, 2025-06-23T00:00, 2025-06-30T00:00, 2025-07-01T00:00",
        "0 0 0 L * MON#1     | 2025-06-02T00:00, 2025-06-30T00:00, 2025-07-07T00:00, 2025-07-31T00:00, 2025-08-04T00:00, 2025-08-31T00:00, 2025-09-01T00:00",
        "0 0 0 */10 * SAT    | 2025-06-07T00:00, 2025-06-11T00:00, 2025-06-14T00:00, 2025-06-21T00:00, 2025-06-28T00:00, 2025-07-01T00:00, 2025-07-05T00:00",
        // only one restricted: the other ('*' or '?') does not widen it
        "0 0 0 13 * *        | 2025-06-13T00:00, 2025-07-13T00:00, 2025-08-13T00:00, 2025-09-13T00:00, 2025-10-13T00:00, 2025-11-13T00:00, 2025-12-13T00:00",
        "0 0 0 ? * FRI       | 2025-06-06T00:00, 2025-06-13T00:00, 2025-06-20T00:00, 2025-06-27T00:00, 2025-07-04T00:00, 2025-07-11T00:00, 2025-07-18T00:00",
      })
  void nextFire_dayOfMonthOrDayOfWeekWhenBothRestricted(String expression, String expected) {
    assertThat(utcFires(expression, "2025-06-01T00:00:00", 7))
        .containsExactly(expected.split(",\\s*"));
  }

  @Test
  void nextFire_restrictedMonthsSkipWholeMonths() {
    assertThat(utcFires("0 0 12 10 FEB,AUG ?", "2025-03-01T00:00:00", 3))
        .containsExactly("2025-08-10T12:00", "2026-02-10T12:00", "2026-08-10T12:00");
  }

  @Test
  void parse_namesAreCaseInsensitive() {
    assertThat(
            CronSchedule.parse("0 0 0 ? jan,Feb,MAR mon-Fri", UTC)
                .nextFires(CronTestSupport.utc("2025-01-01T00:00:00"), 30))
        .hasSize(30);
  }
}
