package io.cronwheel.api;

import io.cronwheel.model.TextRules;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;

/**
 * Reads typed fields out of a job's JSON, failing with a 422 {@link ApiError} that names the field
 * ({@code retry.maxAttempts}) when one is missing, of the wrong type or out of range.
 */
final class JsonFields {
  private JsonFields() {}

  static String requiredString(JsonObject json, String key, String field) {
    Object value = json.getValue(key);
    if (value == null) {
      throw ApiError.invalid(field, field + " is required");
    }
    if (!(value instanceof String s)) {
      throw ApiError.invalid(field, field + " must be a string");
    }
    return s;
  }

  /** A required single-line string: no control characters, no unpaired surrogates. */
  static String singleLine(JsonObject json, String key, String field) {
    String value = requiredString(json, key, field);
    return checked(field, value, TextRules.singleLineProblem(value));
  }

  /** The string if {@code problem} is null; a 422 naming the field otherwise. */
  static String checked(String field, String value, String problem) {
    if (problem != null) {
      throw ApiError.invalid(field, field + " " + problem);
    }
    return value;
  }

  static JsonObject object(JsonObject json, String key, String field, boolean required) {
    Object value = json.getValue(key);
    if (value == null && !required) {
      return new JsonObject();
    }
    if (value == null) {
      throw ApiError.invalid(field, field + " is required");
    }
    if (!(value instanceof JsonObject object)) {
      throw ApiError.invalid(field, field + " must be an object");
    }
    return object;
  }

  static <E extends Enum<E>> E enumValue(JsonObject json, String field, Class<E> type) {
    String value = requiredString(json, field, field);
    try {
      return Enum.valueOf(type, value);
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid(
          field, field + " must be one of " + Arrays.toString(type.getEnumConstants()));
    }
  }

  static long longIn(JsonObject json, String key, String field, long min, long max) {
    return longIn(json, key, field, min, max, null);
  }

  static long longIn(JsonObject json, String key, String field, long min, long max, Long fallback) {
    Object value = json.getValue(key);
    if (value == null && fallback != null) {
      return fallback;
    }
    if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw ApiError.invalid(field, field + " must be an integer");
    }
    long v = n.longValue();
    if (v < min || v > max) {
      throw ApiError.invalid(
          field, field + " must be between " + min + " and " + max + ", got " + v);
    }
    return v;
  }
}
