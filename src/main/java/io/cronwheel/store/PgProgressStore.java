package io.cronwheel.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * How far each partition has handed out its seconds ({@code partition_progress}). A restarted
 * engine replays the seconds after the mark through the jobs' misfire policies. Thread-safe.
 */
public final class PgProgressStore {
  private static final String SAVE =
      "INSERT INTO partition_progress (partition, dispatched_through, updated_at) "
          + "VALUES ($1, $2, now()) ON CONFLICT (partition) DO UPDATE SET dispatched_through = "
          + "GREATEST(partition_progress.dispatched_through, EXCLUDED.dispatched_through), updated_at = now()";

  private final Pool pool;

  public PgProgressStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * The progress marks (partition number to the last second it handed out; partitions never run
   * have no entry) and how many seconds ago the freshest of them was written (by this database's
   * clock).
   */
  public record Marks(Map<Integer, Long> dispatchedThrough, double freshestAgeSeconds) {
    /** Whether any partition's mark is later here than in {@code earlier} (a new mark counts). */
    public boolean movedPast(Marks earlier) {
      return dispatchedThrough.entrySet().stream()
          .anyMatch(
              e ->
                  e.getValue()
                      > earlier.dispatchedThrough().getOrDefault(e.getKey(), Long.MIN_VALUE));
    }
  }

  public Future<Marks> loadMarks() {
    return pool.query(
            "SELECT partition, dispatched_through, extract(epoch FROM now() - updated_at) "
                + "FROM partition_progress")
        .execute()
        .map(
            rows -> {
              Map<Integer, Long> progress = new HashMap<>();
              double freshest = Double.MAX_VALUE;
              for (var row : rows) {
                progress.put(row.getInteger(0), row.getOffsetDateTime(1).toEpochSecond());
                freshest = Math.min(freshest, row.getNumeric(2).doubleValue());
              }
              return new Marks(progress, freshest);
            });
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

  public Future<Void> save(int partition, long epochSecond) {
    return pool.preparedQuery(SAVE)
        .execute(Tuple.of(partition, JobRows.utc(Instant.ofEpochSecond(epochSecond))))
        .mapEmpty();
  }
}
