package io.cronwheel.store;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The cluster's shared state: the nodes ({@code engine_nodes}) and one lease per partition ({@code
 * partition_leases}). Every lease decision is a single statement judged by the database's clock, so
 * nodes never compare their own clocks. Thread-safe; every method returns at once with a future.
 */
public interface LeaseStore {
  /** A live node: its heartbeat is younger than the lease TTL. */
  record Node(String id, String address, Instant startedAt, Instant heartbeatAt) {}

  /** One partition's lease; {@code owner} is null when free, {@code held} false once expired. */
  record Lease(int partition, String owner, long epoch, boolean held) {}

  /** The nodes and leases as read in one statement. */
  record View(List<Node> liveNodes, List<Lease> leases) {}

  /** A lease won: its epoch, and who held it before (null if nobody or it was released). */
  record Acquired(int partition, long epoch, String previousOwner) {}

  /**
   * Registers this node and makes sure every partition has a lease row. False, changing nothing,
   * while another engine with this id is live (its heartbeat younger than {@code ttl}): two engines
   * under one id would take each other's leases as their own.
   */
  Future<Boolean> join(String nodeId, String address, int partitions, Duration ttl);

  /**
   * Refreshes this node's heartbeat and renews every lease it still holds at the epoch it holds it,
   * in one statement each; answers partition to epoch for the leases renewed.
   */
  Future<Map<Integer, Long>> renew(String nodeId, Map<Integer, Long> held, Duration ttl);

  /** The live nodes (heartbeat within {@code ttl}) and every partition's lease. */
  Future<View> view(Duration ttl);

  /**
   * Compare-and-set: takes the partition if it is free, expired or already this node's, bumping its
   * epoch; null if another node holds it.
   */
  Future<Acquired> acquire(String nodeId, int partition, Duration ttl);

  /** Gives a lease up at once (a hand-over or a stop) and wakes the other nodes. */
  Future<Void> release(String nodeId, int partition, long epoch);

  /**
   * Removes this node on a graceful stop, freeing whatever it still holds, and wakes the others.
   */
  Future<Void> leave(String nodeId);
}
