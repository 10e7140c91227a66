package io.cronwheel.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/** The lease meters of this node, tagged with its id. */
public final class ClusterMetrics {
  private final AtomicInteger owned = new AtomicInteger();
  private final Counter acquisitions;
  private final Counter renewals;
  private final Counter losses;
  private final Counter takeovers;
  private final Counter handOvers;

  public ClusterMetrics(MeterRegistry registry, String nodeId) {
    Gauge.builder("cronwheel.cluster.partitions.owned", owned, AtomicInteger::get)
        .tag("node", nodeId)
        .description("Partitions whose lease this node holds")
        .register(registry);
    acquisitions = counter(registry, nodeId, "acquisitions", "Leases won (free or expired)");
    renewals = counter(registry, nodeId, "renewals", "Lease renewals that succeeded");
    losses = counter(registry, nodeId, "losses", "Leases found expired or taken at renewal");
    takeovers =
        counter(registry, nodeId, "takeovers", "Leases won from another node whose lease expired");
    handOvers = counter(registry, nodeId, "handovers", "Leases released to rebalance or stop");
  }

  private static Counter counter(
      MeterRegistry registry, String nodeId, String name, String description) {
    return Counter.builder("cronwheel.cluster.lease." + name)
        .tag("node", nodeId)
        .description(description)
        .register(registry);
  }

  void owned(int count) {
    owned.set(count);
  }

  void acquired() {
    acquisitions.increment();
  }

  void renewed() {
    renewals.increment();
  }

  void lost() {
    losses.increment();
  }

  void tookOver() {
    takeovers.increment();
  }

  void handedOver() {
    handOvers.increment();
  }
}
