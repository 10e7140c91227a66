package io.cronwheel.alert;

import io.cronwheel.model.AlertType;
import io.cronwheel.model.Execution;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * An alert the episode tracker raised, on its way to the {@code alerts} table.
 *
 * @param failures final failures since the job's previous alert
 * @param totalFailures final failures since the episode began
 * @param lastExecution the execution that made the alert: the latest failure, or for {@link
 *     AlertType#JOB_RESOLVED} the success
 * @param resolvedAtMillis when the job succeeded again; only for {@link AlertType#JOB_RESOLVED}
 */
public record NewAlert(
    UUID id,
    AlertType type,
    UUID jobId,
    String jobName,
    String webhook,
    long createdAtMillis,
    long failingSinceMillis,
    int failures,
    long totalFailures,
    Execution lastExecution,
    Long resolvedAtMillis) {

  /** The JSON body POSTed to the webhook, without its {@code alertId} (added when sent). */
  public JsonObject payload() {
    JsonObject payload =
        new JsonObject()
            .put("type", type.name())
            .put("jobId", jobId.toString())
            .put("jobName", jobName)
            .put("failingSince", Instant.ofEpochMilli(failingSinceMillis).toString())
            .put("failures", failures)
            .put("totalFailures", totalFailures)
            .put("lastExecution", execution(lastExecution));
    if (resolvedAtMillis != null) {
      payload.put("resolvedAt", Instant.ofEpochMilli(resolvedAtMillis).toString());
    }
    return payload;
  }

  private static JsonObject execution(Execution execution) {
    if (execution == null) {
      return null;
    }
    return new JsonObject()
        .put("executionId", execution.id().toString())
        .put("status", execution.status().name())
        .put("scheduledAt", execution.scheduledAt().toString())
        .put("attempts", execution.attempts())
        .put("httpStatus", execution.httpStatus())
        .put("error", execution.error());
  }
}
