package io.cronwheel.store;

import io.vertx.sqlclient.Tuple;

/**
 * The lease a partition's writes are made under: a claim or a progress mark is written only while
 * {@code owner} still holds {@code partition} at {@code epoch} with an unexpired lease, judged by
 * the database's clock. A node that lost its lease can therefore never claim a second again.
 */
public record Fence(int partition, String owner, long epoch) {
  /**
   * The condition, as a sub-select over {@code partition_leases} taking a share lock on the lease
   * row, so that a takeover's compare-and-set waits for a claim already being written (and then
   * sees it) instead of racing it. Parameters {@code $p}, {@code $p+1}, {@code $p+2}: partition,
   * owner, epoch.
   */
  static String heldLease(int firstParameter) {
    return "SELECT epoch FROM partition_leases WHERE partition = $"
        + firstParameter
        + " AND owner = $"
        + (firstParameter + 1)
        + " AND epoch = $"
        + (firstParameter + 2)
        + " AND expires_at > now() FOR SHARE";
  }

  /** Appends partition, owner and epoch: the parameters {@link #heldLease} reads, in its order. */
  Tuple addTo(Tuple parameters) {
    return parameters.addInteger(partition).addString(owner).addLong(epoch);
  }

  static StoreException fencedOut(Fence fence) {
    return new StoreException(
        StoreException.Reason.FENCED_OUT,
        "partition "
            + fence.partition()
            + " is no longer leased to "
            + fence.owner()
            + " at epoch "
            + fence.epoch());
  }
}
