package io.cronwheel.cron;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.temporal.ChronoField;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The primitive calendar arithmetic agrees with java.time. */
class CivilCalendarTest {

  @Test
  void civil_roundTripsAndMatchesLocalDate() {
    Random random = new Random(7);
    long minDay = LocalDate.of(-100_000, 1, 1).toEpochDay();
    long maxDay = LocalDate.of(100_000, 12, 31).toEpochDay();
    for (int i = 0; i < 100_000; i++) {
      long epochDay =
          i < 50_000 ? i - 25_000 : minDay + (long) (random.nextDouble() * (maxDay - minDay));
      LocalDate date = LocalDate.ofEpochDay(epochDay);
      long civil = CivilCalendar.civil(epochDay);
      assertThat(CivilCalendar.year(civil)).isEqualTo(date.getYear());
      assertThat(CivilCalendar.month(civil)).isEqualTo(date.getMonthValue());
      assertThat(CivilCalendar.day(civil)).isEqualTo(date.getDayOfMonth());
      assertThat(CivilCalendar.epochDay(date.getYear(), date.getMonthValue(), date.getDayOfMonth()))
          .isEqualTo(epochDay);
      assertThat(CivilCalendar.dayOfWeek(epochDay)).isEqualTo(date.getDayOfWeek().getValue() % 7);
      assertThat(CivilCalendar.lengthOfMonth(date.getYear(), date.getMonthValue()))
          .isEqualTo(date.lengthOfMonth());
    }
  }

  @Test
  void civil_handlesTheExtremesOfJavaTime() {
    for (LocalDate date : new LocalDate[] {LocalDate.MIN, LocalDate.MAX}) {
      long civil = CivilCalendar.civil(date.toEpochDay());
      assertThat(CivilCalendar.year(civil)).isEqualTo(date.get(ChronoField.YEAR));
      assertThat(CivilCalendar.epochDay(date.getYear(), date.getMonthValue(), date.getDayOfMonth()))
          .isEqualTo(date.toEpochDay());
    }
  }
}
