package io.cronwheel.dispatch;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads a {@code Retry-After} header: delta-seconds or an HTTP date (RFC 9110). */
final class RetryAfter {
  /** A receiver cannot park a retry for longer than this. */
  static final long MAX_MILLIS = 600_000;

  private RetryAfter() {}

  /** The wait in milliseconds (capped at {@link #MAX_MILLIS}), or -1 when absent or unreadable. */
  static long parseMillis(String header, long nowEpochMillis) {
    if (header == null || header.isBlank()) {
      return -1;
    }
    String value = header.trim();
    try {
      long seconds = Long.parseLong(value);
      // Compared in seconds first: a huge value times 1000 would overflow.
      return seconds >= MAX_MILLIS / 1000 ? MAX_MILLIS : Math.max(0, seconds * 1000);
    } catch (NumberFormatException notSeconds) {
      try {
        long at =
            ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                .toInstant()
                .toEpochMilli();
        return Math.min(MAX_MILLIS, Math.max(0, at - nowEpochMillis));
      } catch (DateTimeParseException notADate) {
        return -1;
      }
    }
  }
}
