package io.cronwheel.cron;

import java.time.ZoneId;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Thread-safe intern cache, so a million jobs with the same (expression, zone) share one compiled
 * schedule.
 *
 * <p>Sized to hold every distinct schedule of a large installation: jobs spread over every second
 * of a day in one zone need 86,400 entries, which fit. When it is full it is cleared and fills
 * again (an O(1) amortised policy; jobs keep the schedules they hold, so a clear costs only
 * sharing, never correctness). Evicting one entry per insert instead made each insert walk the
 * emptied front of the table: 45 % of a 1M-job start-up went there. Invalid expressions are never
 * cached.
 */
public final class CronSchedules {

  /**
   * Entries before the cache starts over: a day of distinct seconds and then some (about 10 MB when
   * full).
   */
  static final int MAX_ENTRIES = 1 << 17;

  private static final ScheduleCache CACHE = new ScheduleCache(MAX_ENTRIES);

  private CronSchedules() {}

  /**
   * Like {@link CronSchedule#parse}, but returns the shared instance for an equal (trimmed)
   * expression and zone.
   */
  public static CronSchedule parse(String expression, ZoneId zone) {
    return CACHE.parse(expression, zone);
  }

  static int size() {
    return CACHE.size();
  }

  static void clear() {
    CACHE.clear();
  }

  /** The cache itself, with its bound as a parameter so tests can fill it. */
  static final class ScheduleCache {
    private final int maxEntries;
    private final ConcurrentHashMap<Key, CronSchedule> schedules = new ConcurrentHashMap<>();

    ScheduleCache(int maxEntries) {
      this.maxEntries = maxEntries;
    }

    CronSchedule parse(String expression, ZoneId zone) {
      if (expression == null || zone == null) {
        return CronSchedule.parse(expression, zone); // throws the usual exception
      }
      Key key = new Key(expression.trim(), zone);
      CronSchedule cached = schedules.get(key);
      if (cached != null) {
        return cached;
      }
      CronSchedule parsed = CronSchedule.parse(expression, zone);
      if (schedules.size() >= maxEntries) {
        schedules.clear();
      }
      CronSchedule raced = schedules.putIfAbsent(key, parsed);
      return raced != null ? raced : parsed;
    }

    int size() {
      return schedules.size();
    }

    void clear() {
      schedules.clear();
    }
  }

  private record Key(String expression, ZoneId zone) {}
}
