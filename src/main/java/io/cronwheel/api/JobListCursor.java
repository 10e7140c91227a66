package io.cronwheel.api;

import io.cronwheel.store.JobQuery;
import java.util.Locale;
import java.util.UUID;

/**
 * The {@code sort}, {@code order} and {@code cursor} of {@code GET /jobs}. A cursor names the order
 * it was made for, so one from another order is refused rather than read wrongly; the cursor of the
 * default order (creation, ascending) is the bare id, as it always was.
 */
final class JobListCursor {
  private JobListCursor() {}

  static JobQuery.Sort sort(String value) {
    if (value == null || value.isBlank()) {
      return JobQuery.Sort.CREATED;
    }
    return switch (value.trim()) {
      case "createdAt" -> JobQuery.Sort.CREATED;
      case "name" -> JobQuery.Sort.NAME;
      default -> throw ApiError.badRequest("sort", "sort must be createdAt or name");
    };
  }

  static boolean descending(String value) {
    if (value == null || value.isBlank()) {
      return false;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "asc" -> false;
      case "desc" -> true;
      default -> throw ApiError.badRequest("order", "order must be asc or desc");
    };
  }

  static String encode(JobQuery.Position position, JobQuery.Sort sort, boolean descending) {
    if (sort == JobQuery.Sort.CREATED && !descending) {
      return position.id().toString();
    }
    String key = sort == JobQuery.Sort.NAME ? position.name() : position.id().toString();
    return prefix(sort, descending) + key;
  }

  /** The position in {@code cursor} (already base64-decoded), or null without a cursor. */
  static JobQuery.Position decode(String cursor, JobQuery.Sort sort, boolean descending) {
    if (cursor == null) {
      return null;
    }
    String key = cursor;
    if (sort != JobQuery.Sort.CREATED || descending) {
      String prefix = prefix(sort, descending);
      if (!cursor.startsWith(prefix)) {
        throw ApiError.badRequest(
            "cursor", "cursor was made for another sort or order; start again without it");
      }
      key = cursor.substring(prefix.length());
    }
    if (sort == JobQuery.Sort.NAME) {
      return new JobQuery.Position(null, key);
    }
    try {
      return new JobQuery.Position(UUID.fromString(key), null);
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("cursor", "cursor is not a cursor this API returned");
    }
  }

  private static String prefix(JobQuery.Sort sort, boolean descending) {
    return (sort == JobQuery.Sort.NAME ? "name" : "createdAt")
        + (descending ? ".desc" : ".asc")
        + "|";
  }
}
