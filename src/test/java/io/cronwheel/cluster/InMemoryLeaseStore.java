package io.cronwheel.cluster;

import io.cronwheel.store.LeaseStore;
import io.cronwheel.support.ManualClock;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The lease tables as one test double shared by several {@link LeaseManager}s, judged by a manual
 * "database clock"; a node can be silenced (its statements fail, as with a database it cannot
 * reach).
 */
final class InMemoryLeaseStore implements LeaseStore {
  private record Row(String owner, long epoch, long expiresMillis) {}

  private final ManualClock dbClock;
  private final Map<String, Long> heartbeats = new HashMap<>();
  private final Map<Integer, Row> leases = new HashMap<>();
  final Set<String> silenced = new HashSet<>();

  InMemoryLeaseStore(ManualClock dbClock) {
    this.dbClock = dbClock;
  }

  private long now() {
    return dbClock.epochMillis();
  }

  private <T> Future<T> as(String node, java.util.function.Supplier<T> statement) {
    return silenced.contains(node)
        ? Future.failedFuture("database unreachable")
        : Future.succeededFuture(statement.get());
  }

  @Override
  public Future<Boolean> join(String nodeId, String address, int partitions, Duration ttl) {
    return as(
        nodeId,
        () -> {
          Long heartbeat = heartbeats.get(nodeId);
          if (heartbeat != null && now() - heartbeat < ttl.toMillis()) {
            return false;
          }
          heartbeats.put(nodeId, now());
          for (int p = 0; p < partitions; p++) {
            leases.putIfAbsent(p, new Row(null, 0, Long.MIN_VALUE));
          }
          return true;
        });
  }

  @Override
  public Future<Map<Integer, Long>> renew(String nodeId, Map<Integer, Long> held, Duration ttl) {
    return as(
        nodeId,
        () -> {
          heartbeats.put(nodeId, now());
          Map<Integer, Long> renewed = new HashMap<>();
          held.forEach(
              (p, epoch) -> {
                Row row = leases.get(p);
                if (nodeId.equals(row.owner())
                    && row.epoch() == epoch
                    && row.expiresMillis() > now()) {
                  leases.put(p, new Row(nodeId, epoch, now() + ttl.toMillis()));
                  renewed.put(p, epoch);
                }
              });
          return renewed;
        });
  }

  @Override
  public Future<View> view(Duration ttl) {
    List<Node> nodes = new ArrayList<>();
    heartbeats.forEach(
        (id, beat) -> {
          if (beat > now() - ttl.toMillis()) {
            nodes.add(new Node(id, "http://" + id, dbClock.now(), dbClock.now()));
          }
        });
    List<Lease> all = new ArrayList<>();
    leases.forEach(
        (p, row) -> all.add(new Lease(p, row.owner(), row.epoch(), row.expiresMillis() > now())));
    return Future.succeededFuture(new View(nodes, all));
  }

  @Override
  public Future<Acquired> acquire(String nodeId, int partition, Duration ttl) {
    return as(
        nodeId,
        () -> {
          Row row = leases.get(partition);
          if (row.owner() != null && row.expiresMillis() > now() && !row.owner().equals(nodeId)) {
            return null;
          }
          leases.put(partition, new Row(nodeId, row.epoch() + 1, now() + ttl.toMillis()));
          return new Acquired(partition, row.epoch() + 1, row.owner());
        });
  }

  @Override
  public Future<Void> release(String nodeId, int partition, long epoch) {
    return as(
        nodeId,
        () -> {
          Row row = leases.get(partition);
          if (nodeId.equals(row.owner()) && row.epoch() == epoch) {
            leases.put(partition, new Row(null, epoch, now()));
          }
          return null;
        });
  }

  @Override
  public Future<Void> leave(String nodeId) {
    return as(
        nodeId,
        () -> {
          heartbeats.remove(nodeId);
          leases.replaceAll(
              (p, row) -> nodeId.equals(row.owner()) ? new Row(null, row.epoch(), now()) : row);
          return null;
        });
  }

  /** The owner of a partition's unexpired lease, or null. */
  String holder(int partition) {
    Row row = leases.get(partition);
    return row.owner() != null && row.expiresMillis() > now() ? row.owner() : null;
  }
}
