package io.cronwheel.store;

import io.cronwheel.model.Job;
import io.cronwheel.model.Partitioner;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Jobs in PostgreSQL through the reactive client. Thread-safe; every method returns at once with a
 * future.
 */
public final class PgJobStore {
  private static final String INSERT =
      "INSERT INTO jobs ("
          + JobRows.COLUMNS
          + ", partition) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,"
          + " $16, $17, $18) RETURNING "
          + JobRows.SELECTED;
  private static final String UPDATE =
      "UPDATE jobs SET name = $2, schedule = $3, timezone = $4, "
          + "execution_type = $5, target = $6, timeout_ms = $7, retry = $8, active = $9, deleted_at = $10, "
          + "updated_at = $12, version = $13, misfire_policy = $14, catch_up_window_ms = $15, overlap_policy = $16, "
          + "alert_webhook = $17 WHERE id = $1 AND version = $18 RETURNING "
          + JobRows.SELECTED;
  private static final String FIND = "SELECT " + JobRows.SELECTED + " FROM jobs WHERE id = $1";
  private static final String LOAD_SCHEDULED =
      "SELECT "
          + JobRows.SELECTED
          + " FROM jobs WHERE partition = $1 AND active AND deleted_at IS NULL AND id > $2"
          + " ORDER BY id LIMIT $3";

  private final Pool pool;
  private final Partitioner partitioner;

  /**
   * @param partitioner stamps each new job with its partition, which the partition's own start-up
   *     load selects by
   */
  public PgJobStore(Pool pool, Partitioner partitioner) {
    this.pool = pool;
    this.partitioner = partitioner;
  }

  public Future<Job> insert(Job job) {
    return pool.preparedQuery(INSERT)
        .execute(JobRows.toTuple(job).addInteger(partitioner.partitionOf(job.id())))
        .recover(error -> Future.failedFuture(translate(error, job.name())))
        .map(rows -> JobRows.fromRow(rows.iterator().next()));
  }

  public Future<Optional<Job>> find(UUID id) {
    return pool.preparedQuery(FIND).execute(Tuple.of(id)).map(PgJobStore::first);
  }

  /**
   * Writes {@code job} (already carrying its new version) if the stored version is still {@code
   * expectedVersion}.
   */
  public Future<Job> update(Job job, long expectedVersion) {
    return pool.preparedQuery(UPDATE)
        .execute(JobRows.toTuple(job).addLong(expectedVersion))
        .recover(error -> Future.failedFuture(translate(error, job.name())))
        .compose(
            rows -> {
              if (rows.rowCount() == 1) {
                return Future.succeededFuture(JobRows.fromRow(rows.iterator().next()));
              }
              return find(job.id())
                  .compose(
                      current ->
                          Future.failedFuture(
                              current.isEmpty()
                                  ? new StoreException(
                                      StoreException.Reason.NOT_FOUND, "no job " + job.id())
                                  : new StoreException(
                                      StoreException.Reason.STALE_VERSION,
                                      "job "
                                          + job.id()
                                          + " is at version "
                                          + current.get().version()
                                          + ", not "
                                          + expectedVersion)));
            });
  }

  public Future<JobPage> list(JobQuery query) {
    StringBuilder sql =
        new StringBuilder("SELECT ").append(JobRows.SELECTED).append(" FROM jobs WHERE true");
    Tuple params = Tuple.tuple();
    if (!query.includeDeleted()) {
      sql.append(" AND deleted_at IS NULL");
    }
    if (query.active() != null) {
      params.addBoolean(query.active());
      sql.append(" AND active = $").append(params.size());
    }
    if (query.namePrefix() != null) {
      params.addString(escapeLike(query.namePrefix()) + "%");
      sql.append(" AND name LIKE $").append(params.size());
    }
    if (query.after() != null) {
      params.addUUID(query.after());
      sql.append(" AND id > $").append(params.size());
    }
    params.addInteger(query.limit() + 1);
    sql.append(" ORDER BY id LIMIT $").append(params.size());
    return pool.preparedQuery(sql.toString())
        .execute(params)
        .map(
            rows -> {
              List<Job> items = new ArrayList<>(rows.size());
              rows.forEach(row -> items.add(JobRows.fromRow(row)));
              if (items.size() <= query.limit()) {
                return new JobPage(items, null);
              }
              List<Job> page = items.subList(0, query.limit());
              return new JobPage(List.copyOf(page), page.get(page.size() - 1).id());
            });
  }

  /**
   * Streams every scheduled job of one partition to {@code consumer}, page by page in id order, and
   * completes with the count. Pages arrive on the caller's context.
   */
  public Future<Integer> loadScheduled(int partition, int pageSize, Consumer<List<Job>> consumer) {
    // PostgreSQL orders uuids as unsigned bytes: the nil uuid sorts first.
    return loadFrom(partition, new UUID(0, 0), pageSize, consumer, 0);
  }

  private Future<Integer> loadFrom(
      int partition, UUID after, int pageSize, Consumer<List<Job>> consumer, int loaded) {
    return pool.preparedQuery(LOAD_SCHEDULED)
        .execute(Tuple.of(partition, after, pageSize))
        .compose(
            rows -> {
              List<Job> page = new ArrayList<>(rows.size());
              rows.forEach(row -> page.add(JobRows.fromRow(row)));
              if (!page.isEmpty()) {
                consumer.accept(page);
              }
              if (page.size() < pageSize) {
                return Future.succeededFuture(loaded + page.size());
              }
              return loadFrom(
                  partition,
                  page.get(page.size() - 1).id(),
                  pageSize,
                  consumer,
                  loaded + page.size());
            });
  }

  private static Optional<Job> first(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(JobRows.fromRow(it.next())) : Optional.empty();
  }

  private static Throwable translate(Throwable error, String name) {
    if (SqlStates.is(error, SqlStates.UNIQUE_VIOLATION)) {
      return new StoreException(
          StoreException.Reason.DUPLICATE_NAME, "a job named '" + name + "' already exists");
    }
    return error;
  }

  private static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
