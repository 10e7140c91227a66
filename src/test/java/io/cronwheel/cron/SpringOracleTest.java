package io.cronwheel.cron;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.scheduling.support.CronExpression;

/**
 * Compares fire times with Spring's CronExpression, an independent implementation, on random
 * expressions.
 */
class SpringOracleTest {

  private static final int EXPRESSIONS = 400;
  private static final int FIRES = 20;
  private static final long FROM_1990 = Instant.parse("1990-01-01T00:00:00Z").getEpochSecond();
  private static final long TO_2090 = Instant.parse("2090-01-01T00:00:00Z").getEpochSecond();

  @Test
  void nextFires_matchSpringOnRandomExpressionsInUtc() {
    assertMatchesSpring(ZoneOffset.UTC, 20250901L);
  }

  @Test
  void nextFires_matchSpringOnRandomExpressionsInFixedOffsetZone() {
    assertMatchesSpring(ZoneId.of("+05:30"), 1234L);
  }

  private static void assertMatchesSpring(ZoneId zone, long seed) {
    RandomCronExpressions expressions = new RandomCronExpressions(seed);
    Random starts = new Random(seed + 1);
    List<String> mismatches = new ArrayList<>();
    int compared = 0;
    for (int i = 0; i < EXPRESSIONS; i++) {
      String expression = expressions.next();
      Instant start =
          Instant.ofEpochSecond(FROM_1990 + (long) (starts.nextDouble() * (TO_2090 - FROM_1990)));
      List<Instant> expected = springFires(expression, start, zone);
      List<Instant> actual = CronSchedule.parse(expression, zone).nextFires(start, expected.size());
      compared += expected.size();
      if (!actual.equals(expected)) {
        mismatches.add(
            expression + " after " + start + ": expected " + expected + " but was " + actual);
      }
    }
    assertThat(mismatches).isEmpty();
    assertThat(compared).isGreaterThan(EXPRESSIONS * FIRES * 9 / 10);
  }

  private static List<Instant> springFires(String expression, Instant start, ZoneId zone) {
    CronExpression spring = CronExpression.parse(expression);
    List<Instant> fires = new ArrayList<>();
    ZonedDateTime fire = start.atZone(zone);
    while (fires.size() < FIRES && (fire = spring.next(fire)) != null) {
      fires.add(fire.toInstant());
    }
    return fires;
  }
}
