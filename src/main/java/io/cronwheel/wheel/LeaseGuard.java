package io.cronwheel.wheel;

/**
 * Whether this node may still fire a partition: its lease is renewed often enough that, by the
 * node's own monotonic clock, the lease cannot yet have expired in the database. A partition checks
 * it before every turn; once it says no, the partition sends nothing more, whatever it has staged.
 * Thread-safe.
 */
@FunctionalInterface
public interface LeaseGuard {
  /** A partition that needs no lease: a test's, or a single process owning everything. */
  LeaseGuard ALWAYS = () -> true;

  boolean mayFire();
}
