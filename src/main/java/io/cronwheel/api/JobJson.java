package io.cronwheel.api;

import io.cronwheel.cron.CronSchedules;
import io.cronwheel.model.Job;
import io.cronwheel.model.RetryPolicy;
import io.cronwheel.model.Target;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashMap;

/** Jobs as the API shows them. */
final class JobJson {
  private JobJson() {}

  static JsonObject toJson(Job job, Instant now) {
    JsonObject json = writable(job)
        .put("id", job.id().toString())
        .put("deleted", job.deletedAt() != null)
        .put("createdAt", job.createdAt().toString())
        .put("updatedAt", job.updatedAt().toString())
        .put("version", job.version());
    if (job.deletedAt() != null) {
      json.put("deletedAt", job.deletedAt().toString());
    }
    json.put("nextFireTime", job.isScheduled() ? nextFire(job, now) : null);
    return json;
  }

  /** Only the fields a client may change: the base that a PATCH is merged onto. */
  static JsonObject writable(Job job) {
    return new JsonObject()
        .put("name", job.name())
        .put("schedule", job.schedule())
        .put("timezone", job.timezone().getId())
        .put("executionType", job.executionType().name())
        .put("target", target(job.target()))
        .put("timeoutMs", job.timeout().toMillis())
        .put("retry", retry(job.retry()))
        .put("misfirePolicy", job.spec().misfirePolicy().name())
        .put("catchUpWindowMs", job.spec().catchUpWindow().toMillis())
        .put("overlapPolicy", job.spec().overlapPolicy().name())
        .put("alertWebhook", job.spec().alertWebhook())
        .put("active", job.active());
  }

  static JsonObject target(Target target) {
    JsonObject json = new JsonObject()
        .put("url", target.url())
        .put("method", target.method())
        .put("headers", new JsonObject(new LinkedHashMap<>(target.headers())));
    if (target.bodyJson() != null) {
      json.put("body", Json.decodeValue(target.bodyJson()));
    }
    return json;
  }

  static JsonObject retry(RetryPolicy retry) {
    return new JsonObject()
        .put("maxAttempts", retry.maxAttempts())
        .put("initialDelayMs", retry.initialDelay().toMillis())
        .put("maxDelayMs", retry.maxDelay().toMillis())
        .put("multiplier", retry.multiplier());
  }

  private static String nextFire(Job job, Instant now) {
    return CronSchedules.parse(job.schedule(), job.timezone()).nextFireAfter(now).map(Instant::toString)
        .orElse(null);
  }
}
