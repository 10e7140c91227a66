package io.cronwheel.cron;

import java.time.ZoneId;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Thread-safe intern cache, so a million jobs with the same (expression, zone) share one compiled schedule.
 * Bounded: beyond {@link #MAX_ENTRIES} an arbitrary entry is evicted per insert (schedules are cheap to rebuild).
 * Invalid expressions are never cached.
 */
public final class CronSchedules {

  static final int MAX_ENTRIES = 10_000;

  private static final ConcurrentHashMap<Key, CronSchedule> CACHE = new ConcurrentHashMap<>();

  private CronSchedules() {
  }

  /** Like {@link CronSchedule#parse}, but returns the shared instance for an equal (trimmed) expression and zone. */
  public static CronSchedule parse(String expression, ZoneId zone) {
    if (expression == null || zone == null) {
      return CronSchedule.parse(expression, zone); // throws the usual exception
    }
    Key key = new Key(expression.trim(), zone);
    CronSchedule cached = CACHE.get(key);
    if (cached != null) {
      return cached;
    }
    CronSchedule parsed = CronSchedule.parse(expression, zone);
    evictIfFull();
    CronSchedule raced = CACHE.putIfAbsent(key, parsed);
    return raced != null ? raced : parsed;
  }

  static int size() {
    return CACHE.size();
  }

  static void clear() {
    CACHE.clear();
  }

  private static void evictIfFull() {
    Iterator<Key> keys = CACHE.keySet().iterator();
    while (CACHE.size() >= MAX_ENTRIES && keys.hasNext()) {
      keys.next();
      keys.remove();
    }
  }

  private record Key(String expression, ZoneId zone) {
  }
}
