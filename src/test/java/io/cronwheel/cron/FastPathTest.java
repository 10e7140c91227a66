package io.cronwheel.cron;

import static io.cronwheel.cron.CronTestSupport.utc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The per-fire path: correct second by second across boundaries, and free of allocation. */
class FastPathTest {

  @ParameterizedTest(name = "every {0}s in {1}")
  @CsvSource({
    "1, UTC",
    "5, UTC",
    "5, +05:30",
    "5, America/New_York",
    "15, Europe/Berlin",
    "60, Australia/Lord_Howe"
  })
  void nextFire_everyNSecondsMatchesBruteForceAcrossBoundaries(int everySeconds, String zone) {
    String expression = everySeconds == 60 ? "0 * * * * *" : "*/" + everySeconds + " * * * * *";
    CronSchedule schedule = CronSchedule.parse(expression, ZoneId.of(zone));
    // crosses minute, hour, day, month and year boundaries, and New York's and Berlin's fall-back
    // transitions
    for (String middle :
        new String[] {"2024-12-31T23:59:30", "2025-11-02T06:00:00", "2025-10-26T01:00:00"}) {
      long start = utc(middle).getEpochSecond() - 100;
      for (long t = start; t < start + 200; t++) {
        long expected = t + 1;
        while (Math.floorMod(expected, everySeconds)
            != 0) { // all these zones' offsets are whole minutes
          expected++;
        }
        assertThat(schedule.nextFireAfter(t)).as("after %s", t).isEqualTo(expected);
      }
    }
  }

  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "*/5 * * * * *          | UTC",
        "* * * * * *            | America/New_York",
        "31 10-15 1 * * MON-FRI | America/New_York",
        "0 0 0 L * ?            | Europe/Berlin",
        "0 30 2 * * *           | Europe/Berlin",
        "0 0 12 ? * MON#2       | Asia/Tokyo",
      })
  void nextFire_allocatesNothing(String expression, String zone) {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(
        threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
    CronSchedule schedule = CronSchedule.parse(expression, ZoneId.of(zone));
    long start = utc("2025-01-01T00:00:00").getEpochSecond();
    long end = utc("2200-01-01T00:00:00").getEpochSecond();
    fire(schedule, start, end, 10_000); // warm up: zone timeline, class loading
    long before = threads.getCurrentThreadAllocatedBytes();
    long sink = fire(schedule, start, end, 100_000);
    long allocatedBytes = threads.getCurrentThreadAllocatedBytes() - before;
    assertThat(sink).isPositive();
    assertThat(allocatedBytes).as("bytes allocated by 100k calls").isLessThan(10_000);
  }

  private static long fire(CronSchedule schedule, long start, long end, int calls) {
    long t = start;
    for (int i = 0; i < calls; i++) {
      t = schedule.nextFireAfter(t);
      if (t >= end) {
        t = start;
      }
    }
    return t;
  }
}
