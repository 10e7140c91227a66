package io.cronwheel.config;

import java.time.Duration;

/**
 * How this node takes part in the cluster of engines sharing the database.
 *
 * @param nodeId this node's name in {@code engine_nodes} ({@code CRONWHEEL_NODE_ID}; default the
 *     host name plus a random suffix, so a restarted process is a new node)
 * @param address how other nodes and operators reach this node's API ({@code
 *     CRONWHEEL_NODE_ADDRESS}; default {@code http://<host name>:<port>})
 * @param leaseTtl how long a partition lease lasts without renewal ({@code CRONWHEEL_LEASE_TTL}): a
 *     crashed node's partitions are taken over this long after its last renewal
 * @param rebalanceDelay how long the set of live nodes must stay the same before partitions move to
 *     a node that joined ({@code CRONWHEEL_REBALANCE_DELAY}), so a flapping node moves nothing
 */
public record ClusterConfig(
    String nodeId, String address, Duration leaseTtl, Duration rebalanceDelay) {
  public static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(10);
  public static final Duration MIN_LEASE_TTL = Duration.ofSeconds(3);
  public static final Duration MAX_LEASE_TTL = Duration.ofMinutes(5);
  public static final Duration DEFAULT_REBALANCE_DELAY = Duration.ofSeconds(5);
  public static final Duration MAX_REBALANCE_DELAY = Duration.ofMinutes(5);

  /** How often a node renews its leases and looks at the cluster: a fraction of the TTL. */
  public Duration cycle() {
    return Duration.ofMillis(Math.min(1000, leaseTtl.toMillis() / 4));
  }

  /**
   * How long after sending a renewal this node keeps firing without hearing it succeed: well inside
   * the TTL, so it stops before the lease could have expired in the database.
   */
  public Duration firingWindow() {
    return Duration.ofMillis(leaseTtl.toMillis() * 8 / 10);
  }
}
