package io.cronwheel.cluster;

import io.cronwheel.time.Clock;
import io.cronwheel.wheel.LeaseGuard;

/**
 * A lease this node holds, as its partition sees it: the epoch it fences writes with, and how long
 * by this node's monotonic clock it may keep firing. Every successful renewal extends that to the
 * firing window after the renewal was <em>sent</em> (not answered), so a slow answer never makes
 * the window outlast the lease in the database. Thread-safe.
 */
final class HeldLease implements LeaseGuard {
  private final int partition;
  private final long epoch;
  private final Clock clock;
  private final long windowNanos;
  private volatile long mayFireUntilNanos;
  private volatile boolean revoked;

  HeldLease(int partition, long epoch, Clock clock, long windowNanos, long acquiredSentNanos) {
    this.partition = partition;
    this.epoch = epoch;
    this.clock = clock;
    this.windowNanos = windowNanos;
    this.mayFireUntilNanos = acquiredSentNanos + windowNanos;
  }

  int partition() {
    return partition;
  }

  long epoch() {
    return epoch;
  }

  /** A renewal sent at {@code sentNanos} succeeded. */
  void renewed(long sentNanos) {
    long until = sentNanos + windowNanos;
    if (until - mayFireUntilNanos > 0) {
      mayFireUntilNanos = until;
    }
  }

  /** The lease is gone or being handed over: no more firing, whatever the window says. */
  void revoke() {
    revoked = true;
  }

  @Override
  public boolean mayFire() {
    return !revoked && clock.nanoTime() - mayFireUntilNanos < 0;
  }
}
