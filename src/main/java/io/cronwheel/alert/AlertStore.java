package io.cronwheel.alert;

import io.cronwheel.model.AlertType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * Where alerts wait for delivery, and how deliverers take turns: an alert is claimed for one engine
 * for a lease before it is sent, so no two engines send it at once, and a job's alerts are claimed
 * in the order they were raised. Every method may be called from any thread.
 */
public interface AlertStore {
  /** One alert claimed for delivery by this engine. */
  record Claimed(
      UUID id,
      UUID jobId,
      AlertType type,
      String webhook,
      JsonObject payload,
      int attempt,
      long createdAtMillis) {}

  /**
   * Stores new alerts as pending, due at once, and the episodes they leave failing. A {@code
   * JOB_STILL_FAILING} alert may instead be added to one of its job's that is pending, of the same
   * episode and never sent: the receiver then gets one alert with both counts.
   */
  Future<Void> insert(List<NewAlert> alerts);

  /**
   * Claims up to {@code limit} pending alerts due at {@code nowMillis} whose job has no earlier
   * pending alert, each until {@code leaseUntilMillis}, and counts the attempt.
   */
  Future<List<Claimed>> claim(long nowMillis, long leaseUntilMillis, int limit);

  Future<Void> delivered(UUID id, long nowMillis);

  /** The attempt failed: due again at {@code nextAttemptAtMillis}. */
  Future<Void> retryAt(UUID id, long nextAttemptAtMillis, String error);

  /** The attempt failed and the delivery cap is reached: no more attempts. */
  Future<Void> undeliverable(UUID id, String error);

  /** Episodes failing at the last alert, whose last alert was at or after {@code sinceMillis}. */
  Future<List<AlertTracker.OpenEpisode>> openEpisodes(long sinceMillis, int limit);
}
