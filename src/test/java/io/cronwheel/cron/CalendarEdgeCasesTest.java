package io.cronwheel.cron;

import static io.cronwheel.cron.CronTestSupport.UTC;
import static io.cronwheel.cron.CronTestSupport.utc;
import static io.cronwheel.cron.CronTestSupport.utcFires;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Rare and never-firing schedules, far-away dates and the edges of the epoch-second range. */
class CalendarEdgeCasesTest {

  @Test
  void nextFire_yearlyJob() {
    assertThat(utcFires("@yearly", "2025-06-15T00:00:00", 3))
        .containsExactly("2026-01-01T00:00", "2027-01-01T00:00", "2028-01-01T00:00");
  }

  @Test
  void nextFire_feb29JumpsToNextLeapYearSkippingCenturies() {
    assertThat(utcFires("0 0 0 29 2 *", "2024-03-01T00:00:00", 2))
        .containsExactly("2028-02-29T00:00", "2032-02-29T00:00");
    // 2100 is not a leap year: an eight-year gap
    assertThat(utcFires("0 0 0 29 2 *", "2096-03-01T00:00:00", 1))
        .containsExactly("2104-02-29T00:00");
    // 2000 is one
    assertThat(utcFires("0 0 0 29 2 *", "1996-03-01T00:00:00", 1))
        .containsExactly("2000-02-29T00:00");
  }

  @Test
  void nextFire_fifthMondayOfFebruaryNeedsLeapYearStartingOnMonday() {
    assertThat(utcFires("0 0 0 ? FEB MON#5", "2016-03-01T00:00:00", 3))
        .containsExactly("2044-02-29T00:00", "2072-02-29T00:00", "2112-02-29T00:00");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0 0 0 30 2 *",
        "0 0 0 31 4,6,9,11 ?",
        "0 0 0 30,31 FEB ?",
        "0 0 0 L-29 2 ?",
        "0 0 0 31W 2 ?"
      })
  void nextFire_neverFiringScheduleReturnsNoNext(String expression) {
    CronSchedule never = CronSchedule.parse(expression, ZoneId.of("Europe/Berlin"));
    assertThat(never.nextFireAfter(utc("2025-01-01T00:00:00").getEpochSecond()))
        .isEqualTo(CronSchedule.NO_NEXT);
    assertThat(never.nextFireAfter(Instant.EPOCH)).isEmpty();
    assertThat(never.nextFires(Instant.EPOCH, 5)).isEmpty();
  }

  @Test
  void nextFire_beyond2038AndFarFuture() {
    assertThat(utcFires("0 0 0 1 1 *", "2037-12-31T23:59:59", 1))
        .containsExactly("2038-01-01T00:00");
    assertThat(utcFires("0 14 3 19 1 *", "2038-01-19T03:14:07", 1))
        .containsExactly("2039-01-19T03:14");
    assertThat(utcFires("0 0 12 ? * FRI#3", "2999-12-01T00:00:00", 2))
        .containsExactly("2999-12-20T12:00", "3000-01-17T12:00");
    assertThat(utcFires("0 0 0 29 2 *", "9999-03-01T00:00:00", 1))
        .containsExactly("+10000-02-29T00:00");
  }

  @Test
  void nextFire_beforeEpoch() {
    assertThat(utcFires("0 0 0 29 2 *", "1899-01-01T00:00:00", 2))
        .containsExactly("1904-02-29T00:00", "1908-02-29T00:00");
    assertThat(utcFires("30 * * * * *", "1969-12-31T23:59:59", 1))
        .containsExactly("1970-01-01T00:00:30");
  }

  @Test
  void nextFire_isStrictlyAfterEvenOnAFireTimeOrBetweenSeconds() {
    CronSchedule everyMinute = CronSchedule.parse("0 * * * * *", UTC);
    Instant fire = utc("2025-01-01T10:00:00");
    assertThat(everyMinute.nextFireAfter(fire)).contains(utc("2025-01-01T10:01:00"));
    assertThat(everyMinute.nextFireAfter(fire.minusNanos(1))).contains(fire);
    assertThat(everyMinute.nextFireAfter(fire.plusNanos(1))).contains(utc("2025-01-01T10:01:00"));
  }

  @Test
  void nextFire_atTheEdgesOfTheSupportedRange() {
    CronSchedule everySecond = CronSchedule.parse("* * * * * *", ZoneId.of("America/New_York"));
    assertThat(everySecond.nextFireAfter(Long.MAX_VALUE)).isEqualTo(CronSchedule.NO_NEXT);
    assertThat(everySecond.nextFireAfter(Instant.MAX)).isEmpty();
    assertThat(everySecond.nextFireAfter(Long.MIN_VALUE))
        .isGreaterThan(Instant.MIN.getEpochSecond());
    assertThat(everySecond.nextFireAfter(Instant.MIN)).isPresent();
    assertThat(everySecond.nextFireAfter(-1L)).isEqualTo(0L);
  }

  @Test
  void nextFires_returnsRequestedCountInOrder() {
    CronSchedule schedule = CronSchedule.parse("0 0 9-17 ? * MON-FRI", ZoneId.of("Europe/Berlin"));
    assertThat(schedule.nextFires(utc("2025-01-01T00:00:00"), 0)).isEmpty();
    assertThat(schedule.nextFires(utc("2025-01-01T00:00:00"), 100))
        .hasSize(100)
        .isSorted()
        .doesNotHaveDuplicates();
    assertThatThrownBy(() -> schedule.nextFires(Instant.EPOCH, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nextFire_strictlyIncreasingOverLongRuns() {
    String[] expressions = {
      "*/13 */7 * * * *",
      "0 0 0 L * ?",
      "0 30 2 ? * SUN#2",
      "7 7 7 15W * ?",
      "0 0 */5 1,15 * MON",
      "0 0 0 29 2 *"
    };
    for (String zone : new String[] {"UTC", "America/New_York", "Australia/Lord_Howe"}) {
      for (String expression : expressions) {
        CronSchedule schedule = CronSchedule.parse(expression, ZoneId.of(zone));
        long previous = utc("2020-01-01T00:00:00").getEpochSecond();
        for (int i = 0; i < 2000; i++) {
          long next = schedule.nextFireAfter(previous);
          assertThat(next)
              .as("%s in %s after %s", expression, zone, previous)
              .isGreaterThan(previous);
          previous = next;
        }
      }
    }
  }
}
