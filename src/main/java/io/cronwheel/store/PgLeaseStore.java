package io.cronwheel.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link LeaseStore} over {@code engine_nodes} and {@code partition_leases}. Releases and leaves
 * {@code NOTIFY cronwheel_cluster}, so the other nodes rebalance at once instead of at their next
 * cycle. Every statement is bounded by a timeout on this side.
 */
public final class PgLeaseStore implements LeaseStore {
  /** The channel nodes listen on for releases and leaves. */
  public static final String CHANNEL = "cronwheel_cluster";

  // Takes over a node row only once its heartbeat is older than the TTL (a crashed engine's).
  private static final String JOIN_NODE =
      "INSERT INTO engine_nodes (node_id, address, started_at, heartbeat_at) "
          + "VALUES ($1, $2, now(), now()) ON CONFLICT (node_id) DO UPDATE SET "
          + "address = EXCLUDED.address, started_at = now(), heartbeat_at = now() "
          + "WHERE engine_nodes.heartbeat_at <= now() - $3 * interval '1 millisecond' "
          + "RETURNING node_id";
  private static final String CREATE_LEASES =
      "INSERT INTO partition_leases (partition) SELECT generate_series(0, $1 - 1) "
          + "ON CONFLICT (partition) DO NOTHING";
  private static final String HEARTBEAT =
      "UPDATE engine_nodes SET heartbeat_at = now() WHERE node_id = $1";
  private static final String RENEW =
      "UPDATE partition_leases l SET expires_at = now() + $2 * interval '1 millisecond' "
          + "FROM UNNEST($3::int4[], $4::int8[]) AS h(partition, epoch) "
          + "WHERE l.partition = h.partition AND l.epoch = h.epoch AND l.owner = $1 "
          + "AND l.expires_at > now() RETURNING l.partition, l.epoch";
  private static final String VIEW =
      "SELECT 'n', node_id, address, started_at, heartbeat_at, NULL::int4, NULL::int8, NULL::bool "
          + "FROM engine_nodes WHERE heartbeat_at > now() - $1 * interval '1 millisecond' "
          + "UNION ALL SELECT 'l', owner, NULL, NULL, NULL, partition, epoch, expires_at > now() "
          + "FROM partition_leases";
  // The old owner is read in the same statement: a free row, an expired lease or our own.
  private static final String ACQUIRE =
      "UPDATE partition_leases l SET owner = $1, epoch = l.epoch + 1, "
          + "expires_at = now() + $3 * interval '1 millisecond' "
          + "FROM (SELECT partition, owner FROM partition_leases WHERE partition = $2 FOR UPDATE) old "
          + "WHERE l.partition = old.partition AND (l.owner IS NULL OR l.expires_at <= now() "
          + "OR l.owner = $1) RETURNING l.epoch, old.owner";
  private static final String RELEASE =
      "WITH freed AS (UPDATE partition_leases SET owner = NULL, expires_at = now() "
          + "WHERE partition = $2 AND owner = $1 AND epoch = $3 RETURNING partition) "
          + "SELECT pg_notify('"
          + CHANNEL
          + "', 'released ' || partition) FROM freed";
  private static final String LEAVE =
      "WITH freed AS (UPDATE partition_leases SET owner = NULL, expires_at = now() "
          + "WHERE owner = $1 RETURNING partition), gone AS (DELETE FROM engine_nodes "
          + "WHERE node_id = $1 RETURNING node_id) SELECT pg_notify('"
          + CHANNEL
          + "', 'left ' || $1), (SELECT count(*) FROM freed), (SELECT count(*) FROM gone)";

  private final Pool pool;
  private final Duration timeout;

  public PgLeaseStore(Pool pool, Duration timeout) {
    this.pool = pool;
    this.timeout = timeout;
  }

  @Override
  public Future<Boolean> join(String nodeId, String address, int partitions, Duration ttl) {
    return bounded(
        pool.preparedQuery(JOIN_NODE)
            .execute(Tuple.of(nodeId, address, ttl.toMillis()))
            .compose(
                joined ->
                    joined.rowCount() == 0
                        ? Future.succeededFuture(false)
                        : pool.preparedQuery(CREATE_LEASES)
                            .execute(Tuple.of(partitions))
                            .map(true)));
  }

  @Override
  public Future<Map<Integer, Long>> renew(String nodeId, Map<Integer, Long> held, Duration ttl) {
    Integer[] partitions = held.keySet().toArray(Integer[]::new);
    Long[] epochs = new Long[partitions.length];
    for (int i = 0; i < partitions.length; i++) {
      epochs[i] = held.get(partitions[i]);
    }
    Future<?> heartbeat = pool.preparedQuery(HEARTBEAT).execute(Tuple.of(nodeId));
    Future<Map<Integer, Long>> renewed =
        partitions.length == 0
            ? heartbeat.map(v -> Map.of())
            : heartbeat.compose(
                v ->
                    pool.preparedQuery(RENEW)
                        .execute(
                            Tuple.tuple()
                                .addString(nodeId)
                                .addLong(ttl.toMillis())
                                .addValue(partitions)
                                .addValue(epochs))
                        .map(
                            rows -> {
                              Map<Integer, Long> result = new HashMap<>();
                              rows.forEach(row -> result.put(row.getInteger(0), row.getLong(1)));
                              return result;
                            }));
    return bounded(renewed);
  }

  @Override
  public Future<View> view(Duration ttl) {
    return bounded(
        pool.preparedQuery(VIEW)
            .execute(Tuple.of(ttl.toMillis()))
            .map(
                rows -> {
                  List<Node> nodes = new ArrayList<>();
                  List<Lease> leases = new ArrayList<>();
                  for (Row row : rows) {
                    if (row.getString(0).equals("n")) {
                      nodes.add(
                          new Node(
                              row.getString(1),
                              row.getString(2),
                              row.getOffsetDateTime(3).toInstant(),
                              row.getOffsetDateTime(4).toInstant()));
                    } else {
                      leases.add(
                          new Lease(
                              row.getInteger(5),
                              row.getString(1),
                              row.getLong(6),
                              row.getBoolean(7)));
                    }
                  }
                  return new View(nodes, leases);
                }));
  }

  @Override
  public Future<Acquired> acquire(String nodeId, int partition, Duration ttl) {
    return bounded(
        pool.preparedQuery(ACQUIRE)
            .execute(Tuple.of(nodeId, partition, ttl.toMillis()))
            .map(
                rows -> {
                  if (rows.size() == 0) {
                    return null;
                  }
                  Row row = rows.iterator().next();
                  return new Acquired(partition, row.getLong(0), row.getString(1));
                }));
  }

  @Override
  public Future<Void> release(String nodeId, int partition, long epoch) {
    return bounded(
        pool.preparedQuery(RELEASE).execute(Tuple.of(nodeId, partition, epoch)).mapEmpty());
  }

  @Override
  public Future<Void> leave(String nodeId) {
    return bounded(pool.preparedQuery(LEAVE).execute(Tuple.of(nodeId)).mapEmpty());
  }

  private <T> Future<T> bounded(Future<T> statement) {
    return statement.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
