package io.cronwheel.store;

import io.cronwheel.model.RetryPolicy;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The parts of a job that many jobs repeat (zone, schedule, durations, retry policy, method,
 * headers, small bodies), shared between the jobs read from the database. A million jobs in a few
 * zones with a few thousand distinct schedules then hold one copy of each instead of a million:
 * with 1M daily jobs this took the heap per job from about 1,300 bytes to about 500. Values that
 * are not repeated (name, URL) are left alone, and so are bodies longer than {@link
 * #MAX_SHARED_TEXT} (and header sets with such a value), which could pin much memory in the
 * interners and are rarely identical.
 *
 * <p>{@code ZoneId.of("UTC")} builds a new zone with its own rules (and their cache) on every call;
 * {@link #zone} does not.
 */
final class SharedValues {
  /** Longer texts (request bodies) are not interned. */
  static final int MAX_SHARED_TEXT = 1024;

  private static final int MAX_ZONES = 4096;

  private static final ConcurrentHashMap<String, ZoneId> ZONES = new ConcurrentHashMap<>();

  /** Schedules: enough for every second of a day in one zone, like the compiled-schedule cache. */
  private static final Interner<String> SCHEDULES = new Interner<>(1 << 17);

  private static final Interner<String> TEXTS = new Interner<>(1 << 14);
  private static final Interner<Duration> DURATIONS = new Interner<>(1 << 12);
  private static final Interner<RetryPolicy> RETRIES = new Interner<>(1 << 12);
  private static final Interner<Map<String, String>> HEADERS = new Interner<>(1 << 14);

  private SharedValues() {}

  /** Like {@link ZoneId#of(String)}: the same instance for the same id. */
  static ZoneId zone(String id) {
    ZoneId zone = ZONES.get(id);
    if (zone != null) {
      return zone;
    }
    zone = ZoneId.of(id); // throws for an invalid id, which is then not cached
    if (ZONES.size() < MAX_ZONES) {
      ZoneId raced = ZONES.putIfAbsent(id, zone);
      return raced != null ? raced : zone;
    }
    return zone;
  }

  static String schedule(String expression) {
    return SCHEDULES.intern(expression);
  }

  static Duration millis(long millis) {
    return DURATIONS.intern(Duration.ofMillis(millis));
  }

  static RetryPolicy retry(RetryPolicy retry) {
    return RetryPolicy.DEFAULT.equals(retry) ? RetryPolicy.DEFAULT : RETRIES.intern(retry);
  }

  /** A short text (an HTTP method, a small body); longer ones are returned as they are. */
  static String text(String text) {
    return text == null || text.length() > MAX_SHARED_TEXT ? text : TEXTS.intern(text);
  }

  /**
   * An immutable copy of the headers, shared with every job that has the same ones unless a value
   * is long.
   */
  static Map<String, String> headers(Map<String, String> headers) {
    if (headers.isEmpty()) {
      return Map.of();
    }
    Map<String, String> copy = Map.copyOf(headers);
    boolean small = copy.values().stream().allMatch(v -> v.length() <= MAX_SHARED_TEXT);
    return small ? HEADERS.intern(copy) : copy;
  }
}
