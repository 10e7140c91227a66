package io.cronwheel.cron;

import static io.cronwheel.cron.CronTestSupport.UTC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CronSchedulesTest {

  @BeforeEach
  void emptyCache() {
    CronSchedules.clear();
  }

  @Test
  void parse_sharesOneInstancePerExpressionAndZone() {
    CronSchedule first = CronSchedules.parse("0 */5 * * * *", UTC);
    assertThat(CronSchedules.parse("0 */5 * * * *", UTC)).isSameAs(first);
    assertThat(CronSchedules.parse("  0 */5 * * * * ", UTC)).isSameAs(first);
    assertThat(CronSchedules.parse("0 */5 * * * *", ZoneId.of("Europe/Berlin"))).isNotSameAs(first);
    assertThat(CronSchedules.size()).isEqualTo(2);
  }

  @Test
  void parse_doesNotCacheInvalidExpressions() {
    assertThatThrownBy(() -> CronSchedules.parse("0 61 * * * *", UTC))
        .isInstanceOf(InvalidCronException.class)
        .hasMessage("minute: value 61 out of range 0-59");
    assertThatThrownBy(() -> CronSchedules.parse(null, UTC))
        .isInstanceOf(InvalidCronException.class);
    assertThat(CronSchedules.size()).isZero();
  }

  @Test
  void parse_staysBoundedByStartingOverWhenFull() {
    CronSchedules.ScheduleCache cache = new CronSchedules.ScheduleCache(100);
    CronSchedule first = cache.parse("0 0 0 * * *", UTC);
    for (int i = 1; i < 100; i++) {
      cache.parse(daily(i), UTC);
    }
    assertThat(cache.size()).isEqualTo(100);
    assertThat(cache.parse("0 0 0 * * *", UTC)).isSameAs(first);

    CronSchedule afterFull = cache.parse(daily(100), UTC);
    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.parse(daily(100), UTC)).isSameAs(afterFull);
    assertThat(cache.parse("0 0 0 * * *", UTC)).isNotSameAs(first).isEqualTo(first);
  }

  @Test
  void maxEntries_holdsEverySecondOfADayInOneZone() {
    assertThat(CronSchedules.MAX_ENTRIES).isGreaterThan(86_400);
  }

  private static String daily(int secondOfDay) {
    return secondOfDay % 60 + " " + secondOfDay / 60 % 60 + " " + secondOfDay / 3600 + " * * *";
  }

  @Test
  void parse_returnsTheSameInstanceToConcurrentCallers() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<CronSchedule>> results = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        results.add(
            pool.submit(() -> CronSchedules.parse("0 0 12 ? * MON-FRI", ZoneId.of("Asia/Tokyo"))));
      }
      CronSchedule shared = CronSchedules.parse("0 0 12 ? * MON-FRI", ZoneId.of("Asia/Tokyo"));
      for (Future<CronSchedule> result : results) {
        assertThat(result.get()).isSameAs(shared);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
