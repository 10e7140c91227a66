package io.cronwheel.api;

import io.cronwheel.model.Fire;
import io.cronwheel.model.Job;
import io.vertx.core.Future;

/**
 * What the API asks of the running engine: the one facade through which it reaches the scheduler;
 * everything else it reads and writes through the stores. Thread-safe.
 */
public interface EngineControl {
  /**
   * The state the health endpoint reports.
   *
   * @param engineDatabaseProblem why the engine's own statements fail now, or null if they succeed
   */
  record Status(
      int partitionsOwned,
      int partitionsTotal,
      int scheduledJobs,
      long recordBacklog,
      String engineDatabaseProblem) {}

  /** The live concurrency caps, and the requests holding a permit now. */
  record ConcurrencyCaps(int maxInFlight, int maxInFlightPerHost, int inFlight) {}

  /**
   * A job was created, changed, paused or deleted: its partition applies it from the next second.
   */
  void jobChanged(Job job);

  /** Sends a manual fire now; false if no partition runs in this process. */
  boolean fireNow(Fire fire);

  Status status();

  ConcurrencyCaps concurrency();

  /** Stores new caps (every engine on the database picks them up) and applies them here at once. */
  Future<ConcurrencyCaps> setConcurrency(int maxInFlight, int maxInFlightPerHost);
}
