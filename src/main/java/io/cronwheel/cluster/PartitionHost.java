package io.cronwheel.cluster;

import io.cronwheel.wheel.LeaseGuard;
import io.vertx.core.Future;

/** Runs the partitions whose leases this node holds. */
public interface PartitionHost {
  /**
   * Starts firing a partition under a lease just won; completes once it fires (its recovery, load
   * and settling done).
   */
  Future<Void> start(int partition, long epoch, LeaseGuard lease);

  /**
   * Stops a partition: releases its unsent claims, lets requests in flight finish (bounded by the
   * shutdown grace) and records its progress mark, all fenced by its lease. Never fails.
   */
  Future<Void> stop(int partition);
}
