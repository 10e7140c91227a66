package io.cronwheel.api;

import io.cronwheel.cron.CronSchedules;
import io.cronwheel.model.Job;
import io.cronwheel.store.JobDocuments;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** Jobs as the API shows them. */
final class JobJson {
  private JobJson() {}

  /**
   * @param unschedulableReason why the engine does not schedule this job (over a limit or beyond
   *     the job memory budget), or null
   */
  static JsonObject toJson(Job job, Instant now, String unschedulableReason) {
    JsonObject json =
        writable(job)
            .put("id", job.id().toString())
            .put("deleted", job.deletedAt() != null)
            .put("createdAt", job.createdAt().toString())
            .put("updatedAt", job.updatedAt().toString())
            .put("version", job.version());
    if (job.deletedAt() != null) {
      json.put("deletedAt", job.deletedAt().toString());
    }
    boolean fires = job.isScheduled() && unschedulableReason == null;
    json.put("nextFireTime", fires ? nextFire(job, now) : null);
    json.put("schedulable", unschedulableReason == null);
    if (unschedulableReason != null) {
      json.put("unschedulableReason", unschedulableReason);
    }
    return json;
  }

  /**
   * Only the fields a client may change, secret header values masked: the base that a PATCH is
   * merged onto (which {@link SecretMask#unmask} then restores).
   */
  static JsonObject writable(Job job) {
    return new JsonObject()
        .put("name", job.name())
        .put("schedule", job.schedule())
        .put("timezone", job.timezone().getId())
        .put("executionType", job.executionType().name())
        .put("target", SecretMask.masked(JobDocuments.targetJson(job.target()), job.target()))
        .put("timeoutMs", job.timeout().toMillis())
        .put("retry", JobDocuments.retryJson(job.retry()))
        .put("misfirePolicy", job.spec().misfirePolicy().name())
        .put("catchUpWindowMs", job.spec().catchUpWindow().toMillis())
        .put("overlapPolicy", job.spec().overlapPolicy().name())
        .put("alertWebhook", job.spec().alertWebhook())
        .put("active", job.active());
  }

  private static String nextFire(Job job, Instant now) {
    return CronSchedules.parse(job.schedule(), job.timezone())
        .nextFireAfter(now)
        .map(Instant::toString)
        .orElse(null);
  }
}
