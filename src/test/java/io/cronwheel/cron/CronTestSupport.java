package io.cronwheel.cron;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;

/** Small helpers shared by the cron tests. */
final class CronTestSupport {

  static final ZoneId UTC = ZoneOffset.UTC;

  private CronTestSupport() {}

  static Instant utc(String localDateTime) {
    return LocalDateTime.parse(localDateTime).toInstant(ZoneOffset.UTC);
  }

  static Instant at(String offsetDateTime) {
    return OffsetDateTime.parse(offsetDateTime).toInstant();
  }

  /**
   * Fires rendered as local date-times with offset in the schedule's zone, e.g.
   * "2025-03-09T03:30-04:00".
   */
  static List<String> firesIn(CronSchedule schedule, Instant after, int count) {
    return schedule.nextFires(after, count).stream()
        .map(fire -> fire.atZone(schedule.zone()).toOffsetDateTime().toString())
        .collect(Collectors.toList());
  }

  /** Fires in UTC rendered as local date-times, e.g. "2025-03-03T01:10:31". */
  static List<String> utcFires(String expression, String afterUtc, int count) {
    return CronSchedule.parse(expression, UTC).nextFires(utc(afterUtc), count).stream()
        .map(fire -> LocalDateTime.ofInstant(fire, ZoneOffset.UTC).toString())
        .collect(Collectors.toList());
  }

  /** All fires in [fromInclusive, toExclusive). */
  static List<Instant> firesBetween(
      CronSchedule schedule, Instant fromInclusive, Instant toExclusive) {
    List<Instant> fires = new java.util.ArrayList<>();
    long fire = fromInclusive.getEpochSecond() - 1;
    while ((fire = schedule.nextFireAfter(fire)) < toExclusive.getEpochSecond()) {
      fires.add(Instant.ofEpochSecond(fire));
    }
    return fires;
  }
}
