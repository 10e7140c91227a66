package io.cronwheel.cron;

import static io.cronwheel.cron.CronTestSupport.at;
import static io.cronwheel.cron.CronTestSupport.firesBetween;
import static io.cronwheel.cron.CronTestSupport.firesIn;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hand-checked DST tables. New York: 2025-03-09 and 2026-03-08 02:00 EST -> 03:00 EDT; 2025-11-02
 * and 2026-11-01 02:00 EDT -> 01:00 EST. Berlin: 2025-03-30 and 2026-03-29 02:00 CET -> 03:00 CEST;
 * 2025-10-26 and 2026-10-25 03:00 CEST -> 02:00 CET.
 */
class DaylightSavingTest {

  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

  @ParameterizedTest(name = "{0} {1} after {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // spring forward: a local time in the gap fires at the same wall-clock distance after the
        // gap, never skipped
        "America/New_York | 0 30 2 * * *    | 2025-03-08T12:00-05:00 | 2025-03-09T03:30-04:00 2025-03-10T02:30-04:00",
        "America/New_York | 0 0 2 * * *     | 2026-03-07T12:00-05:00 | 2026-03-08T03:00-04:00 2026-03-09T02:00-04:00",
        "America/New_York | 0 */20 2 * * *  | 2025-03-08T12:00-05:00 | 2025-03-09T03:00-04:00 2025-03-09T03:20-04:00 2025-03-09T03:40-04:00 2025-03-10T02:00-04:00",
        // a gap fire that coincides with a regular fire fires once
        "America/New_York | 0 30 2,3 * * *  | 2025-03-08T12:00-05:00 | 2025-03-09T03:30-04:00 2025-03-10T02:30-04:00 2025-03-10T03:30-04:00",
        "America/New_York | 0 0 1-3 * * *   | 2025-03-09T00:00-05:00 | 2025-03-09T01:00-05:00 2025-03-09T03:00-04:00 2025-03-10T01:00-04:00",
        "America/New_York | 0 0 * * * *     | 2025-03-09T00:30-05:00 | 2025-03-09T01:00-05:00 2025-03-09T03:00-04:00 2025-03-09T04:00-04:00",
        // fall back: daily jobs fire on the first occurrence only
        "America/New_York | 0 30 1 * * *    | 2025-11-01T12:00-04:00 | 2025-11-02T01:30-04:00 2025-11-03T01:30-05:00",
        "America/New_York | 0 */30 1 * * *  | 2026-11-01T00:00-04:00 | 2026-11-01T01:00-04:00 2026-11-01T01:30-04:00 2026-11-02T01:00-05:00",
        "America/New_York | 0 0 1-2 * * *   | 2025-11-02T00:00-04:00 | 2025-11-02T01:00-04:00 2025-11-02T02:00-05:00 2025-11-03T01:00-05:00",
        // ... while jobs whose hour field is '*' fire in every real hour
        "America/New_York | 0 0 * * * *     | 2025-11-02T00:30-04:00 | 2025-11-02T01:00-04:00 2025-11-02T01:00-05:00 2025-11-02T02:00-05:00",
        "America/New_York | 0 30 * * * *    | 2026-11-01T00:30-04:00 | 2026-11-01T01:30-04:00 2026-11-01T01:30-05:00 2026-11-01T02:30-05:00",
        "Europe/Berlin    | 0 30 2 * * *    | 2025-03-29T12:00+01:00 | 2025-03-30T03:30+02:00 2025-03-31T02:30+02:00",
        "Europe/Berlin    | 0 30 2,3 * * *  | 2026-03-28T12:00+01:00 | 2026-03-29T03:30+02:00 2026-03-30T02:30+02:00 2026-03-30T03:30+02:00",
        "Europe/Berlin    | 0 0 * * * *     | 2025-03-30T00:30+01:00 | 2025-03-30T01:00+01:00 2025-03-30T03:00+02:00 2025-03-30T04:00+02:00",
        "Europe/Berlin    | 0 30 2 * * *    | 2025-10-25T12:00+02:00 | 2025-10-26T02:30+02:00 2025-10-27T02:30+01:00",
        "Europe/Berlin    | 0 0 2 * * *     | 2026-10-24T12:00+02:00 | 2026-10-25T02:00+02:00 2026-10-26T02:00+01:00",
        "Europe/Berlin    | 0 0 * * * *     | 2025-10-26T01:30+02:00 | 2025-10-26T02:00+02:00 2025-10-26T02:00+01:00 2025-10-26T03:00+01:00",
        "Europe/Berlin    | 0 15 */1 * * *  | 2026-10-25T01:30+02:00 | 2026-10-25T02:15+02:00 2026-10-25T02:15+01:00 2026-10-25T03:15+01:00",
      })
  void nextFire_followsDstRulesAroundTransitions(
      String zone, String expression, String after, String expected) {
    CronSchedule schedule = CronSchedule.parse(expression, ZoneId.of(zone));
    String[] fires = expected.split(" ");
    assertThat(firesIn(schedule, at(after), fires.length)).containsExactly(fires);
  }

  @Test
  void nextFire_shiftsNonexistentLocalTimeOnSpringForwardInsteadOfSkipping() {
    CronSchedule daily = CronSchedule.parse("0 30 2 * * *", NEW_YORK);
    assertThat(firesBetween(daily, at("2025-03-01T00:00-05:00"), at("2025-04-01T00:00-04:00")))
        .hasSize(31);
  }

  @Test
  void nextFire_firesDailyJobOnceInRepeatedHourOnFallBack() {
    CronSchedule daily = CronSchedule.parse("0 30 1 * * *", NEW_YORK);
    assertThat(firesBetween(daily, at("2025-11-01T00:00-04:00"), at("2025-12-01T00:00-05:00")))
        .hasSize(30);
  }

  @Test
  void nextFire_everyMinuteJobFiresInEveryRealMinuteAcrossFallBack() {
    CronSchedule everyMinute = CronSchedule.parse("0 * * * * *", NEW_YORK);
    // the repeated hour 01:00-02:00 happens twice: 05:00Z-07:00Z are two real hours
    assertThat(firesBetween(everyMinute, at("2025-11-02T05:00Z"), at("2025-11-02T07:00Z")))
        .hasSize(120);
    // the day has 25 hours
    assertThat(
            firesBetween(everyMinute, at("2025-11-02T00:00-04:00"), at("2025-11-03T00:00-05:00")))
        .hasSize(1500);
    CronSchedule berlin = CronSchedule.parse("0 * * * * *", BERLIN);
    assertThat(firesBetween(berlin, at("2025-10-26T00:00Z"), at("2025-10-26T02:00Z"))).hasSize(120);
  }

  @Test
  void nextFire_everySecondJobFiresInEveryRealSecondAcrossTransitions() {
    CronSchedule everySecond = CronSchedule.parse("* * * * * *", NEW_YORK);
    assertThat(firesBetween(everySecond, at("2025-11-02T05:00Z"), at("2025-11-02T07:00Z")))
        .hasSize(7200);
    assertThat(firesBetween(everySecond, at("2025-03-09T06:00Z"), at("2025-03-09T08:00Z")))
        .hasSize(7200);
    CronSchedule berlin = CronSchedule.parse("* * * * * *", BERLIN);
    assertThat(firesBetween(berlin, at("2026-03-29T00:30Z"), at("2026-03-29T01:30Z")))
        .hasSize(3600);
    assertThat(firesBetween(berlin, at("2026-10-25T00:00Z"), at("2026-10-25T02:00Z")))
        .hasSize(7200);
  }

  @Test
  void nextFire_everyMinuteJobLosesNoRealMinuteOnSpringForward() {
    CronSchedule everyMinute = CronSchedule.parse("0 * * * * *", NEW_YORK);
    // the day has 23 hours; local 02:xx fires at 03:xx EDT together with local 03:xx, once
    assertThat(
            firesBetween(everyMinute, at("2025-03-09T00:00-05:00"), at("2025-03-10T00:00-04:00")))
        .hasSize(1380);
  }

  @Test
  void nextFire_resultsStrictlyIncreaseThroughTransitions() {
    for (String expression :
        new String[] {"0 30 2,3 * * *", "*/7 * 1-3 * * *", "0 0,30 * * * *", "0 10,30 2,3 * * *"}) {
      CronSchedule schedule = CronSchedule.parse(expression, NEW_YORK);
      long previous = at("2025-01-01T00:00Z").getEpochSecond();
      for (int i = 0; i < 3000; i++) {
        long next = schedule.nextFireAfter(previous);
        assertThat(next).as(expression).isGreaterThan(previous);
        previous = next;
      }
    }
  }
}
