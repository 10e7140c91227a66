package io.cronwheel.store;

import io.cronwheel.model.Fire;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What one partition writes as it fires: durable claims on its seconds, releases of claims never
 * sent, and its progress mark. Thread-safe; every method returns at once with a future.
 */
public interface PartitionStore {
  /**
   * Claims the fires' seconds in one statement. Unique per job and second across every process: the
   * result holds the execution ids this process won.
   */
  Future<Set<UUID>> claim(List<Fire> fires);

  /**
   * Gives back claims on seconds that were never sent, so a later run decides them through the
   * misfire policy.
   */
  Future<Void> release(List<Fire> fires);

  /**
   * Records that every second up to {@code epochSecond} has been handed out (the mark never moves
   * back).
   */
  Future<Void> saveProgress(long epochSecond);
}
