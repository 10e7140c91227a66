package io.cronwheel.api;

import io.cronwheel.cron.CronSchedules;
import io.cronwheel.cron.InvalidCronException;
import io.cronwheel.model.ExecutionType;
import io.cronwheel.model.JobSpec;
import io.cronwheel.model.MisfirePolicy;
import io.cronwheel.model.OverlapPolicy;
import io.cronwheel.model.RetryPolicy;
import io.cronwheel.model.Target;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a job's JSON (a create request with defaults applied, or a stored job with a patch merged
 * in) into a {@link JobDefinition}, or fails with a 422 {@link ApiError} naming the first bad
 * field. Pure: nothing is stored here.
 */
final class JobValidator {
  static final Set<String> WRITABLE =
      Set.of(
          "name",
          "schedule",
          "timezone",
          "executionType",
          "target",
          "timeoutMs",
          "retry",
          "misfirePolicy",
          "catchUpWindowMs",
          "overlapPolicy",
          "alertWebhook",
          "active");

  /** Fields a client may send back unchanged from a GET; they are ignored. */
  static final Set<String> READ_ONLY =
      Set.of("id", "createdAt", "updatedAt", "deleted", "deletedAt", "nextFireTime", "version");

  static final long MAX_TIMEOUT_MS = Duration.ofMinutes(5).toMillis();
  static final long MAX_CATCH_UP_MS = Duration.ofDays(7).toMillis();
  private static final Set<String> METHODS =
      Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final int MAX_NAME_LENGTH = 200;

  private JobValidator() {}

  /** Defaults for the optional fields of a create request. */
  static JsonObject withDefaults(JsonObject request) {
    JsonObject json = request.copy();
    json.put("timezone", json.getValue("timezone", JobSpec.DEFAULT_TIMEZONE.getId()));
    json.put("executionType", json.getValue("executionType", ExecutionType.AT_LEAST_ONCE.name()));
    json.put("timeoutMs", json.getValue("timeoutMs", JobSpec.DEFAULT_TIMEOUT.toMillis()));
    json.put("misfirePolicy", json.getValue("misfirePolicy", MisfirePolicy.FIRE_ONCE.name()));
    json.put(
        "catchUpWindowMs",
        json.getValue("catchUpWindowMs", JobSpec.DEFAULT_CATCH_UP_WINDOW.toMillis()));
    json.put("overlapPolicy", json.getValue("overlapPolicy", OverlapPolicy.ALLOW.name()));
    json.put("retry", json.getValue("retry", new JsonObject()));
    json.put("active", json.getValue("active", true));
    return json;
  }

  static void rejectUnknownFields(JsonObject json) {
    for (String field : json.fieldNames()) {
      if (!WRITABLE.contains(field) && !READ_ONLY.contains(field)) {
        throw ApiError.invalid(field, "unknown field '" + field + "'");
      }
    }
  }

  static JobDefinition validate(JsonObject json) {
    rejectUnknownFields(json);
    String name = requiredString(json, "name", "name").trim();
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      throw ApiError.invalid("name", "name must be 1 to " + MAX_NAME_LENGTH + " characters");
    }
    ZoneId zone = zone(json);
    String schedule = requiredString(json, "schedule", "schedule").trim();
    try {
      CronSchedules.parse(schedule, zone);
    } catch (InvalidCronException e) {
      throw ApiError.invalid("schedule", e.getMessage());
    }
    ExecutionType type = enumValue(json, "executionType", ExecutionType.class);
    Target target = target(object(json, "target", "target", true));
    long timeoutMs = longIn(json, "timeoutMs", "timeoutMs", 1, MAX_TIMEOUT_MS);
    RetryPolicy retry = retry(object(json, "retry", "retry", false));
    MisfirePolicy misfire = enumValue(json, "misfirePolicy", MisfirePolicy.class);
    long catchUpMs = longIn(json, "catchUpWindowMs", "catchUpWindowMs", 0, MAX_CATCH_UP_MS);
    OverlapPolicy overlap = enumValue(json, "overlapPolicy", OverlapPolicy.class);
    String alertWebhook = optionalUrl(json, "alertWebhook");
    Object active = json.getValue("active");
    if (!(active instanceof Boolean b)) {
      throw ApiError.invalid("active", "active must be true or false");
    }
    JobSpec spec =
        new JobSpec(
            name,
            schedule,
            zone,
            type,
            target,
            Duration.ofMillis(timeoutMs),
            retry,
            misfire,
            Duration.ofMillis(catchUpMs),
            overlap,
            alertWebhook);
    return new JobDefinition(spec, b);
  }

  private static <E extends Enum<E>> E enumValue(JsonObject json, String field, Class<E> type) {
    String value = requiredString(json, field, field);
    try {
      return Enum.valueOf(type, value);
    } catch (IllegalArgumentException e) {
      throw ApiError.invalid(
          field, field + " must be one of " + Arrays.toString(type.getEnumConstants()));
    }
  }

  private static String optionalUrl(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String url)) {
      throw ApiError.invalid(field, field + " must be a string");
    }
    checkUrl(url, field);
    return url;
  }

  private static ZoneId zone(JsonObject json) {
    String id = requiredString(json, "timezone", "timezone");
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw ApiError.invalid(
          "timezone", "unknown time zone '" + id + "' (use an IANA name such as Europe/Paris)");
    }
  }

  private static Target target(JsonObject json) {
    for (String field : json.fieldNames()) {
      if (!Set.of("url", "method", "headers", "body").contains(field)) {
        throw ApiError.invalid("target." + field, "unknown field 'target." + field + "'");
      }
    }
    String url = requiredString(json, "url", "target.url");
    checkUrl(url, "target.url");
    Object methodValue = json.getValue("method", Target.DEFAULT_METHOD);
    if (!(methodValue instanceof String method)
        || !METHODS.contains(method.toUpperCase(Locale.ROOT))) {
      throw ApiError.invalid(
          "target.method", "target.method must be one of " + String.join(", ", sorted(METHODS)));
    }
    Map<String, String> headers = headers(json);
    Object body = json.getValue("body");
    return new Target(
        url, method.toUpperCase(Locale.ROOT), headers, body == null ? null : Json.encode(body));
  }

  private static void checkUrl(String url, String field) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || uri.getHost() == null) {
        throw ApiError.invalid(
            field, field + " must be an absolute http:// or https:// URL with a host");
      }
    } catch (URISyntaxException e) {
      throw ApiError.invalid(field, field + " is not a valid URL: " + e.getReason());
    }
  }

  private static Map<String, String> headers(JsonObject target) {
    JsonObject headers = object(target, "headers", "target.headers", false);
    Map<String, String> result = new LinkedHashMap<>();
    for (var entry : headers) {
      String field = "target.headers." + entry.getKey();
      if (!HEADER_NAME.matcher(entry.getKey()).matches()) {
        throw ApiError.invalid(field, "'" + entry.getKey() + "' is not a valid header name");
      }
      if (entry.getKey().toLowerCase(Locale.ROOT).startsWith("x-cronwheel-")
          || entry.getKey().equalsIgnoreCase("idempotency-key")) {
        throw ApiError.invalid(
            field, "header " + entry.getKey() + " is set by cronwheel on every request");
      }
      if (!(entry.getValue() instanceof String value)
          || value.indexOf('\r') >= 0
          || value.indexOf('\n') >= 0) {
        throw ApiError.invalid(field, "header values must be single-line strings");
      }
      result.put(entry.getKey(), value);
    }
    return result;
  }

  private static RetryPolicy retry(JsonObject json) {
    for (String field : json.fieldNames()) {
      if (!Set.of("maxAttempts", "initialDelayMs", "maxDelayMs", "multiplier").contains(field)) {
        throw ApiError.invalid("retry." + field, "unknown field 'retry." + field + "'");
      }
    }
    RetryPolicy d = RetryPolicy.DEFAULT;
    int maxAttempts =
        (int) longIn(json, "maxAttempts", "retry.maxAttempts", 1, 100, (long) d.maxAttempts());
    long initial =
        longIn(
            json,
            "initialDelayMs",
            "retry.initialDelayMs",
            0,
            3_600_000,
            d.initialDelay().toMillis());
    long max =
        longIn(
            json,
            "maxDelayMs",
            "retry.maxDelayMs",
            0,
            86_400_000,
            Math.max(initial, d.maxDelay().toMillis()));
    if (max < initial) {
      throw ApiError.invalid(
          "retry.maxDelayMs", "retry.maxDelayMs must be at least retry.initialDelayMs");
    }
    Object multiplier = json.getValue("multiplier", d.multiplier());
    if (!(multiplier instanceof Number m)
        || m.doubleValue() < 1.0
        || m.doubleValue() > 100.0
        || Double.isNaN(m.doubleValue())) {
      throw ApiError.invalid("retry.multiplier", "retry.multiplier must be a number from 1 to 100");
    }
    return new RetryPolicy(
        maxAttempts, Duration.ofMillis(initial), Duration.ofMillis(max), m.doubleValue());
  }

  private static String requiredString(JsonObject json, String key, String field) {
    Object value = json.getValue(key);
    if (value == null) {
      throw ApiError.invalid(field, field + " is required");
    }
    if (!(value instanceof String s)) {
      throw ApiError.invalid(field, field + " must be a string");
    }
    return s;
  }

  private static JsonObject object(JsonObject json, String key, String field, boolean required) {
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

  private static long longIn(JsonObject json, String key, String field, long min, long max) {
    return longIn(json, key, field, min, max, null);
  }

  private static long longIn(
      JsonObject json, String key, String field, long min, long max, Long fallback) {
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

  private static List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }
}
