package io.cronwheel.cluster;

import io.cronwheel.config.ClusterConfig;
import io.cronwheel.store.LeaseStore;
import io.cronwheel.time.Clock;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's side of the partition leases, one {@link #cycle} at a time (a cycle never overlaps
 * the next):
 *
 * <ol>
 *   <li>renew every lease held, in one statement; a lease not renewed is lost: its partition stops
 *       firing at once and is stopped;
 *   <li>read the live nodes and every lease; compute this node's share ({@link Assignment});
 *   <li>take each free or expired partition of the share (compare-and-set bumping the epoch) and
 *       start it;
 *   <li>once the set of live nodes has been the same for the rebalance delay, hand over each
 *       partition held beyond the share: stop it (its last claims settled and its mark written
 *       under the lease), then release the lease so its new owner takes it at once.
 * </ol>
 *
 * <p>Not thread-safe: one event loop (the {@link ClusterNode}'s) calls it; partitions read their
 * {@link HeldLease} from their own loops.
 */
public final class LeaseManager {
  private static final Logger log = LoggerFactory.getLogger(LeaseManager.class);

  private final String nodeId;
  private final int partitions;
  private final ClusterConfig config;
  private final LeaseStore store;
  private final PartitionHost host;
  private final Clock clock;
  private final ClusterMetrics metrics;
  private final long startedNanos;
  private final Map<Integer, HeldLease> held = new HashMap<>();
  private final Set<Integer> moving = new HashSet<>();
  private final Map<Integer, Future<Void>> starting = new HashMap<>();
  private Set<String> members = Set.of();
  private long membersSinceNanos;
  private List<Integer> share = List.of();
  private boolean renewFailing;
  private boolean ready;
  private boolean leaving;

  public LeaseManager(
      int partitions,
      ClusterConfig config,
      LeaseStore store,
      PartitionHost host,
      Clock clock,
      ClusterMetrics metrics) {
    this.nodeId = config.nodeId();
    this.partitions = partitions;
    this.config = config;
    this.store = store;
    this.host = host;
    this.clock = clock;
    this.metrics = metrics;
    this.startedNanos = clock.nanoTime();
    this.membersSinceNanos = startedNanos;
  }

  /** One round of renew, look, take and hand over. Never fails. */
  public Future<Void> cycle() {
    if (leaving) {
      // Stopping partitions still write under their leases: keep them alive until released.
      return Future.<Void>succeededFuture().compose(v -> renew()).otherwiseEmpty();
    }
    return Future.<Void>succeededFuture()
        .compose(v -> renew())
        .compose(v -> store.view(config.leaseTtl()))
        .compose(this::act)
        .recover(
            error -> {
              log.warn("lease cycle failed: {}", error.getMessage());
              return Future.succeededFuture();
            });
  }

  /** Completes once every partition being started now fires (or failed to start). */
  public Future<Void> startsInFlight() {
    return Future.join(new ArrayList<>(starting.values())).transform(v -> Future.succeededFuture());
  }

  /** The partitions held now (starting, firing or being handed over). */
  public Set<Integer> held() {
    return new TreeSet<>(held.keySet());
  }

  /**
   * Whether this node holds its share of the partitions, or has waited long enough to know the
   * cluster will give it no more (readiness).
   */
  public boolean ready() {
    return ready;
  }

  /**
   * A graceful stop: no more cycles; every partition stopped (its last claims settled and its mark
   * written under its lease), then every lease released and this node removed. Never fails.
   */
  public Future<Void> leave() {
    leaving = true;
    held.values().forEach(HeldLease::revoke);
    List<Future<Void>> stopped = new ArrayList<>();
    for (int partition : new ArrayList<>(held.keySet())) {
      stopped.add(host.stop(partition));
    }
    int count = held.size();
    return Future.join(stopped)
        .transform(v -> store.leave(nodeId))
        .transform(
            ar -> {
              if (ar.succeeded()) {
                log.info(
                    "node {} left the cluster: {} partition(s) handed over and released",
                    nodeId,
                    count);
              } else {
                log.warn(
                    "node {} stopped without releasing its leases ({}); they expire after {}",
                    nodeId,
                    ar.cause().getMessage(),
                    config.leaseTtl());
              }
              held.clear();
              metrics.owned(0);
              return Future.succeededFuture();
            });
  }

  private Future<Void> renew() {
    long sentNanos = clock.nanoTime();
    Map<Integer, Long> epochs = new HashMap<>();
    held.forEach((partition, lease) -> epochs.put(partition, lease.epoch()));
    return store
        .renew(nodeId, epochs, config.leaseTtl())
        .<Void>map(
            renewed -> {
              if (renewFailing) {
                log.info("node {}: lease renewals succeed again", nodeId);
                renewFailing = false;
              }
              for (HeldLease lease : new ArrayList<>(held.values())) {
                Long epoch = renewed.get(lease.partition());
                if (epoch != null && epoch == lease.epoch()) {
                  lease.renewed(sentNanos);
                  metrics.renewed();
                } else {
                  lost(lease);
                }
              }
              return null;
            })
        .recover(
            error -> {
              if (!renewFailing) {
                renewFailing = true;
                log.warn(
                    "node {}: cannot renew its {} lease(s) ({}); its partitions stop firing {} after"
                        + " the last renewal",
                    nodeId,
                    held.size(),
                    error.getMessage(),
                    config.firingWindow());
              }
              return Future.failedFuture(error);
            });
  }

  private void lost(HeldLease lease) {
    lease.revoke();
    held.remove(lease.partition());
    metrics.lost();
    metrics.owned(held.size());
    log.warn(
        "node {}: lost the lease on partition {} (epoch {}); it stopped firing",
        nodeId,
        lease.partition(),
        lease.epoch());
    moving.add(lease.partition());
    host.stop(lease.partition()).onComplete(ar -> moving.remove(lease.partition()));
  }

  private Future<Void> act(LeaseStore.View view) {
    Set<String> live = new TreeSet<>();
    view.liveNodes().forEach(node -> live.add(node.id()));
    live.add(nodeId);
    if (!live.equals(members)) {
      log.info("node {}: live nodes {}", nodeId, live);
      members = live;
      membersSinceNanos = clock.nanoTime();
    }
    Map<Integer, String> target = Assignment.of(partitions, live);
    Map<Integer, LeaseStore.Lease> leases = new HashMap<>();
    view.leases().forEach(lease -> leases.put(lease.partition(), lease));
    List<Integer> mine = new ArrayList<>();
    target.forEach(
        (partition, owner) -> {
          if (owner.equals(nodeId)) {
            mine.add(partition);
          }
        });
    // Set before taking: a start that completes at once checks readiness against this share.
    share = mine;
    List<Future<Void>> steps = new ArrayList<>();
    for (int partition : mine) {
      LeaseStore.Lease lease = leases.get(partition);
      boolean free = lease == null || !lease.held() || nodeId.equals(lease.owner());
      if (!held.containsKey(partition) && !moving.contains(partition) && free) {
        steps.add(take(partition));
      }
    }
    boolean settled = clock.nanoTime() - membersSinceNanos >= config.rebalanceDelay().toNanos();
    if (settled) {
      for (int partition : new ArrayList<>(held.keySet())) {
        String owner = target.get(partition);
        if (!nodeId.equals(owner) && !moving.contains(partition)) {
          handOver(held.get(partition), owner);
        }
      }
    }
    refreshReady();
    // The cycle waits for its compare-and-sets only: starting and handing over take seconds.
    return Future.join(steps).transform(v -> Future.<Void>succeededFuture());
  }

  /**
   * Ready once every partition of the share fires here, or once it has waited long enough to know
   * the others will not hand over more (it stays ready after that).
   */
  private void refreshReady() {
    if (ready) {
      return;
    }
    boolean shareHeld = share.stream().allMatch(p -> held.containsKey(p) && !moving.contains(p));
    long waitedNanos = clock.nanoTime() - startedNanos;
    long patienceNanos = config.rebalanceDelay().toNanos() + 3 * config.leaseTtl().toNanos();
    if (shareHeld || waitedNanos >= patienceNanos) {
      ready = true;
      log.info("node {}: ready with {} partition(s) {}", nodeId, held.size(), held());
    }
  }

  private Future<Void> take(int partition) {
    long sentNanos = clock.nanoTime();
    moving.add(partition);
    return store
        .acquire(nodeId, partition, config.leaseTtl())
        .<Void>map(
            acquired -> {
              if (acquired == null) {
                moving.remove(partition);
                return null;
              }
              HeldLease lease =
                  new HeldLease(
                      partition,
                      acquired.epoch(),
                      clock,
                      config.firingWindow().toNanos(),
                      sentNanos);
              held.put(partition, lease);
              metrics.acquired();
              metrics.owned(held.size());
              boolean takeover =
                  acquired.previousOwner() != null && !acquired.previousOwner().equals(nodeId);
              if (takeover) {
                metrics.tookOver();
                log.info(
                    "node {}: took over partition {} from {} (its lease expired), epoch {}",
                    nodeId,
                    partition,
                    acquired.previousOwner(),
                    acquired.epoch());
              } else {
                log.info(
                    "node {}: acquired partition {}, epoch {}",
                    nodeId,
                    partition,
                    acquired.epoch());
              }
              Future<Void> started = host.start(partition, acquired.epoch(), lease);
              starting.put(partition, started);
              started.onComplete(
                  ar -> {
                    starting.remove(partition, started);
                    moving.remove(partition);
                    if (ar.failed()) {
                      giveUp(lease, ar.cause());
                    } else {
                      refreshReady(); // a node that holds its share at start is ready at once
                    }
                  });
              return null;
            })
        .recover(
            error -> {
              moving.remove(partition);
              return Future.failedFuture(error);
            });
  }

  /** A partition that could not start (its database reads failed): its lease goes back. */
  private void giveUp(HeldLease lease, Throwable error) {
    log.warn(
        "node {}: partition {} did not start ({}); releasing its lease",
        nodeId,
        lease.partition(),
        error.getMessage());
    lease.revoke();
    if (held.remove(lease.partition(), lease)) {
      metrics.owned(held.size());
      moving.add(lease.partition());
      host.stop(lease.partition())
          .compose(v -> store.release(nodeId, lease.partition(), lease.epoch()))
          .onComplete(ar -> moving.remove(lease.partition()));
    }
  }

  private void handOver(HeldLease lease, String to) {
    int partition = lease.partition();
    moving.add(partition);
    log.info("node {}: handing partition {} over to {}", nodeId, partition, to);
    lease.revoke();
    host.stop(partition)
        .compose(v -> store.release(nodeId, partition, lease.epoch()))
        .onComplete(
            ar -> {
              moving.remove(partition);
              if (held.remove(partition, lease)) {
                metrics.handedOver();
                metrics.owned(held.size());
              }
              if (ar.failed()) {
                log.warn(
                    "node {}: partition {} stopped but its lease was not released ({}); it expires"
                        + " after {}",
                    nodeId,
                    partition,
                    ar.cause().getMessage(),
                    config.leaseTtl());
              }
            });
  }
}
