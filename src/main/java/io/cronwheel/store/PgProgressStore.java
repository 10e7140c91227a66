package io.cronwheel.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;

/**
 * How far each partition has handed out its seconds ({@code partition_progress}). A restarted
 * engine replays the seconds after the mark through the jobs' misfire policies. Thread-safe.
 */
public final class PgProgressStore {
  // Fenced: written only while the lease is held; RETURNING tells a fenced-out writer so.
  private static final String SAVE =
      "INSERT INTO partition_progress (partition, dispatched_through, updated_at) "
          + "SELECT $1::int4, $4::timestamptz, now() FROM ("
          + Fence.heldLease(1)
          + ") lease ON CONFLICT (partition) DO UPDATE SET dispatched_through = "
          + "GREATEST(partition_progress.dispatched_through, EXCLUDED.dispatched_through), "
          + "updated_at = now() RETURNING partition";

  private final Pool pool;

  public PgProgressStore(Pool pool) {
    this.pool = pool;
  }

  /** One partition's mark: the last second it handed out, or null if it never ran. */
  public Future<Long> load(int partition) {
    return pool.preparedQuery(
            "SELECT dispatched_through FROM partition_progress WHERE partition = $1")
        .execute(Tuple.of(partition))
        .map(
            rows ->
                rows.size() == 0
                    ? null
                    : rows.iterator().next().getOffsetDateTime(0).toEpochSecond());
  }

  /** Moves the fenced partition's mark to {@code epochSecond}; fails if the lease is lost. */
  public Future<Void> save(Fence fence, long epochSecond) {
    return pool.preparedQuery(SAVE)
        .execute(
            fence
                .addTo(Tuple.tuple())
                .addOffsetDateTime(JobRows.utc(Instant.ofEpochSecond(epochSecond))))
        .compose(
            rows ->
                rows.size() == 1
                    ? Future.<Void>succeededFuture()
                    : Future.failedFuture(Fence.fencedOut(fence)));
  }
}
