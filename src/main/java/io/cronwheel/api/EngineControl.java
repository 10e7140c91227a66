package io.cronwheel.api;

import io.cronwheel.model.AuditEntry;
import io.cronwheel.model.Fire;
import io.cronwheel.model.Job;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * What the API asks of the running engine: the one facade through which it reaches the scheduler;
 * everything else it reads and writes through the stores. Thread-safe.
 */
public interface EngineControl {
  /**
   * The state the health endpoint reports.
   *
   * @param nodeId this node's id in the cluster
   * @param ready whether this node holds its share of the partitions (or knows there is none for
   *     it)
   * @param engineDatabaseProblem why the engine's own statements fail now, or null if they succeed
   */
  record Status(
      String nodeId,
      boolean ready,
      int partitionsOwned,
      int partitionsTotal,
      int scheduledJobs,
      long recordBacklog,
      String engineDatabaseProblem) {}

  /** The live concurrency caps, and the requests holding a permit now. */
  record ConcurrencyCaps(int maxInFlight, int maxInFlightPerHost, int inFlight) {}

  /**
   * This node's recent activity, from its in-process counters (never from the executions table).
   *
   * @param firesPerSecond first attempts sent per second over the last few seconds
   * @param succeededLastHour executions that ended {@code SUCCEEDED} within the window
   * @param failedLastHour executions that ended {@code FAILED} within the window
   * @param windowSeconds the window those two cover: an hour, or less on a node younger than that
   * @param driftP50Ms median drift over the last complete minute
   * @param driftP99Ms 99th percentile of drift over the last complete minute
   */
  record Activity(
      double firesPerSecond,
      long succeededLastHour,
      long failedLastHour,
      long windowSeconds,
      double driftP50Ms,
      double driftP99Ms) {}

  /**
   * A job was created, changed, paused or deleted: its partition applies it from the next second.
   */
  void jobChanged(Job job);

  /** Sends a manual fire now; false if no partition runs in this process. */
  boolean fireNow(Fire fire);

  Status status();

  Activity activity();

  /**
   * The cluster as the database sees it: {@code {"partitions": P, "nodes": [{"id", "address",
   * "startedAt", "heartbeatAt", "partitions": [...]}], "unowned": [...]}}.
   */
  Future<JsonObject> cluster();

  ConcurrencyCaps concurrency();

  /** Stores new caps (every engine on the database picks them up) and applies them here at once. */
  Future<ConcurrencyCaps> setConcurrency(int maxInFlight, int maxInFlightPerHost, AuditEntry audit);
}
