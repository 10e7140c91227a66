package io.cronwheel.api;

import io.cronwheel.cron.CronSchedules;
import io.cronwheel.cron.InvalidCronException;
import io.cronwheel.model.ExecutionType;
import io.cronwheel.model.JobLimits;
import io.cronwheel.model.JobSpec;
import io.cronwheel.model.MisfirePolicy;
import io.cronwheel.model.OverlapPolicy;
import io.cronwheel.model.RetryPolicy;
import io.cronwheel.model.Target;
import io.cronwheel.model.TextRules;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Set;

/**
 * Turns a job's JSON (a create request with defaults applied, or a stored job with a patch merged
 * in) into a {@link JobDefinition}, or fails with a 422 {@link ApiError} naming the first bad
 * field. The target and retry policy are checked by {@link TargetValidator} and {@link
 * RetryValidator}; every text that reaches PostgreSQL or a request is held to {@link TextRules}.
 * Pure: nothing is stored here.
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
      Set.of(
          "id",
          "createdAt",
          "updatedAt",
          "deleted",
          "deletedAt",
          "nextFireTime",
          "version",
          "schedulable",
          "unschedulableReason");

  static final long MAX_TIMEOUT_MS = Duration.ofMinutes(5).toMillis();
  static final long MAX_CATCH_UP_MS = Duration.ofDays(7).toMillis();
  private static final int MAX_NAME_LENGTH = 200;

  private final TargetValidator targets;

  JobValidator(JobLimits limits) {
    this.targets = new TargetValidator(limits);
  }

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

  JobDefinition validate(JsonObject json) {
    rejectUnknownFields(json);
    String name = JsonFields.singleLine(json, "name", "name").trim();
    if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      throw ApiError.invalid("name", "name must be 1 to " + MAX_NAME_LENGTH + " characters");
    }
    ZoneId zone = zone(json);
    String schedule = schedule(json, zone);
    ExecutionType type = JsonFields.enumValue(json, "executionType", ExecutionType.class);
    Target target = targets.target(JsonFields.object(json, "target", "target", true));
    long timeoutMs = JsonFields.longIn(json, "timeoutMs", "timeoutMs", 1, MAX_TIMEOUT_MS);
    RetryPolicy retry = RetryValidator.retry(JsonFields.object(json, "retry", "retry", false));
    MisfirePolicy misfire = JsonFields.enumValue(json, "misfirePolicy", MisfirePolicy.class);
    long catchUpMs =
        JsonFields.longIn(json, "catchUpWindowMs", "catchUpWindowMs", 0, MAX_CATCH_UP_MS);
    OverlapPolicy overlap = JsonFields.enumValue(json, "overlapPolicy", OverlapPolicy.class);
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

  /** The job's cron expression, trimmed, once it parses in {@code zone}; a 422 naming it if not. */
  static String schedule(JsonObject json, ZoneId zone) {
    String raw = JsonFields.requiredString(json, "schedule", "schedule");
    String schedule =
        JsonFields.checked("schedule", raw, TextRules.singleLineAllowingTabsProblem(raw)).trim();
    try {
      CronSchedules.parse(schedule, zone);
    } catch (InvalidCronException e) {
      throw ApiError.invalid("schedule", e.getMessage());
    }
    return schedule;
  }

  private static String optionalUrl(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String url)) {
      throw ApiError.invalid(field, field + " must be a string");
    }
    TargetValidator.checkUrl(url, field);
    return url;
  }

  /** The job's IANA time zone; a 422 naming {@code timezone} if it is not one. */
  static ZoneId zone(JsonObject json) {
    String id = JsonFields.singleLine(json, "timezone", "timezone");
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw ApiError.invalid(
          "timezone", "unknown time zone '" + id + "' (use an IANA name such as Europe/Paris)");
    }
  }
}
