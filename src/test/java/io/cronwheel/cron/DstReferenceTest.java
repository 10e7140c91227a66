package io.cronwheel.cron;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.support.CronExpression;

/**
 * Random expressions around real transitions of many zones, compared with a slow reference built
 * from independent parts: Spring enumerates the matching LOCAL date-times, java.time maps each to
 * instants (gap: {@code ZonedDateTime.ofLocal}; overlap: the earlier instant, plus the later one if
 * the hour field matches every hour).
 */
class DstReferenceTest {

  private static final Duration WINDOW = Duration.ofHours(12);

  /**
   * Local times of fires in the window lie within offset (at most 14 h) plus a gap (at most 24 h)
   * of it.
   */
  private static final Duration LOCAL_MARGIN = Duration.ofHours(40);

  private static final int EXPRESSIONS_PER_TRANSITION = 10;

  @Test
  void nextFires_matchReferenceAroundTransitions() {
    RandomCronExpressions expressions = new RandomCronExpressions(77L, 5);
    RandomCronExpressions anyHour = new RandomCronExpressions(78L);
    List<String> mismatches = new ArrayList<>();
    int fires = 0;
    for (ZoneTransition transition : transitions()) {
      Instant from = transition.at().getInstant().minus(WINDOW);
      Instant to = transition.at().getInstant().plus(WINDOW);
      for (int i = 0; i < EXPRESSIONS_PER_TRANSITION; i++) {
        String expression =
            i % 2 == 0 ? expressions.nextForShortWindow() : anyHour.nextForShortWindow();
        List<Instant> expected = reference(expression, transition.zone(), from, to);
        List<Instant> actual =
            CronTestSupport.firesBetween(
                CronSchedule.parse(expression, transition.zone()), from, to);
        fires += expected.size();
        if (!actual.equals(expected)) {
          mismatches.add(
              expression + " in " + transition + ": expected " + expected + " but was " + actual);
        }
      }
    }
    assertThat(mismatches).isEmpty();
    assertThat(fires).isGreaterThan(20_000);
  }

  private record ZoneTransition(ZoneId zone, ZoneOffsetTransition at) {}

  /**
   * A few transitions per zone, including 30-minute, 2-hour and whole-day shifts and ones outside
   * 1900-2300.
   */
  private static List<ZoneTransition> transitions() {
    String[][] zoneAndYear = {
      {"America/New_York", "2025"}, {"Europe/Berlin", "2026"}, {"Australia/Lord_Howe", "2025"},
      {"Pacific/Apia", "2011"}, {"Antarctica/Troll", "2025"}, {"America/Santiago", "2025"},
      {"Europe/Moscow", "2011"}, {"America/St_Johns", "2030"}, {"Australia/Sydney", "2041"},
      {"America/New_York", "2350"}, {"Europe/Berlin", "1893"}, {"Asia/Kolkata", "1941"},
    };
    List<ZoneTransition> transitions = new ArrayList<>();
    for (String[] entry : zoneAndYear) {
      ZoneId zone = ZoneId.of(entry[0]);
      Instant start =
          LocalDateTime.of(Integer.parseInt(entry[1]), 1, 1, 0, 0).toInstant(ZoneOffset.UTC);
      ZoneOffsetTransition transition = zone.getRules().nextTransition(start);
      for (int i = 0; i < 3 && transition != null; i++) {
        transitions.add(new ZoneTransition(zone, transition));
        transition = zone.getRules().nextTransition(transition.getInstant());
      }
    }
    return transitions;
  }

  static List<Instant> reference(String expression, ZoneId zone, Instant from, Instant to) {
    CronExpression spring = CronExpression.parse(expression);
    boolean everyHour = hoursMatched(expression.split(" ", -1)[2]) == 24;
    LocalDateTime local = LocalDateTime.ofInstant(from, ZoneOffset.UTC).minus(LOCAL_MARGIN);
    LocalDateTime localEnd = LocalDateTime.ofInstant(to, ZoneOffset.UTC).plus(LOCAL_MARGIN);
    TreeSet<Instant> fires = new TreeSet<>();
    while ((local = spring.next(local)) != null && local.isBefore(localEnd)) {
      List<ZoneOffset> offsets = zone.getRules().getValidOffsets(local);
      if (offsets.isEmpty()) {
        fires.add(ZonedDateTime.ofLocal(local, zone, null).toInstant());
        continue;
      }
      Instant first = local.toInstant(offsets.get(0));
      Instant last = local.toInstant(offsets.get(offsets.size() - 1));
      fires.add(first.isBefore(last) ? first : last);
      if (everyHour) {
        fires.add(first.isBefore(last) ? last : first);
      }
    }
    return new ArrayList<>(fires.subSet(from, true, to, false));
  }

  /** How many hours of a day the hour field matches, counted by Spring. */
  private static int hoursMatched(String hourField) {
    CronExpression hours = CronExpression.parse("0 0 " + hourField + " * * *");
    LocalDateTime hour = LocalDateTime.of(2000, 1, 1, 0, 0).minusSeconds(1);
    int count = 0;
    while ((hour = hours.next(hour)) != null && hour.getDayOfMonth() == 1) {
      count++;
    }
    return count;
  }
}
