package io.cronwheel.api;

import io.cronwheel.model.RetryPolicy;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Set;

/** A job's {@code retry} policy from JSON, defaults filled in, or a 422 naming the bad field. */
final class RetryValidator {
  private static final Set<String> FIELDS =
      Set.of("maxAttempts", "initialDelayMs", "maxDelayMs", "multiplier");

  private RetryValidator() {}

  static RetryPolicy retry(JsonObject json) {
    for (String field : json.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw ApiError.invalid("retry." + field, "unknown field 'retry." + field + "'");
      }
    }
    RetryPolicy d = RetryPolicy.DEFAULT;
    int maxAttempts =
        (int)
            JsonFields.longIn(
                json, "maxAttempts", "retry.maxAttempts", 1, 100, (long) d.maxAttempts());
    long initial =
        JsonFields.longIn(
            json,
            "initialDelayMs",
            "retry.initialDelayMs",
            0,
            3_600_000,
            d.initialDelay().toMillis());
    long max =
        JsonFields.longIn(
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
}
