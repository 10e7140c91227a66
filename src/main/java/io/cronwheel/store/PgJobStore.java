package io.cronwheel.store;

import io.cronwheel.model.AuditEntry;
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
import java.util.function.Function;

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
  private static final String INSERT_UNLESS_NAME_TAKEN =
      INSERT.replace(") RETURNING ", ") ON CONFLICT DO NOTHING RETURNING ");
  // Every column of the tuple is named, created_at too (it never changes): inside a transaction the
  // statement is prepared on the connection, where an unused parameter has no type to infer.
  private static final String UPDATE =
      "UPDATE jobs SET name = $2, schedule = $3, timezone = $4, "
          + "execution_type = $5, target = $6, timeout_ms = $7, retry = $8, active = $9, deleted_at = $10, "
          + "created_at = $11, updated_at = $12, version = $13, misfire_policy = $14, catch_up_window_ms = $15, overlap_policy = $16, "
          + "alert_webhook = $17 WHERE id = $1 AND version = $18 RETURNING "
          + JobRows.SELECTED;
  private static final String FIND = "SELECT " + JobRows.SELECTED + " FROM jobs WHERE id = $1";

  /**
   * One page of a partition's start-up load ($5), in id order: at most $2 rows after id $1. The
   * target document (without its URL) is computed once per row as {@code doc}; it is sent only when
   * it is at most $3 bytes (a larger one cannot be within the per-job limits, and reading it could
   * take as much heap as the row is large), and the page ends early once $4 bytes of documents are
   * in it, so a page of large jobs takes no more heap than a page of small ones. The first row
   * always comes.
   */
  private static final String LOAD_SCHEDULED =
      "SELECT "
          + JobRows.LOADED
          + " FROM (SELECT page.*, octet_length(doc) AS doc_bytes, sum(least(octet_length(doc), $3))"
          + " OVER (ORDER BY id ROWS UNBOUNDED PRECEDING) - least(octet_length(doc), $3) AS bytes_before"
          + " FROM (SELECT jobs.*, (target - 'url')::text AS doc FROM jobs"
          + " WHERE partition = $5 AND active AND deleted_at IS NULL AND id > $1 ORDER BY id"
          + " LIMIT $2) page) sized"
          + " WHERE bytes_before < $4 ORDER BY id";

  /** The target documents one load page may bring, at most (plus one row). */
  static final long LOAD_PAGE_BYTES = 8L << 20;

  private static final int MIN_LOAD_PAGE_ROWS = 16;

  private final Pool pool;

  private final Partitioner partitioner;
  private final SecretBox box;

  /**
   * @param partitioner stamps each new job with its partition, which the partition's own start-up
   *     load selects by
   */
  public PgJobStore(Pool pool, Partitioner partitioner) {
    this(pool, partitioner, SecretBox.PLAIN);
  }

  /**
   * @param box seals secret header values as they are written and opens them as they are read
   */
  public PgJobStore(Pool pool, Partitioner partitioner, SecretBox box) {
    this.pool = pool;
    this.partitioner = partitioner;
    this.box = box;
  }

  /** Stores a new job and its audit line in one transaction. */
  public Future<Job> insert(Job job, AuditEntry audit) {
    return pool.withTransaction(
            connection ->
                connection
                    .preparedQuery(INSERT)
                    .execute(
                        JobRows.toTuple(box, job).addInteger(partitioner.partitionOf(job.id())))
                    .compose(
                        rows ->
                            PgAuditStore.append(connection, audit)
                                .map(v -> JobRows.fromRow(box, rows.iterator().next()))))
        .recover(error -> Future.failedFuture(translate(error, job.name())));
  }

  /**
   * Inserts many jobs in one transaction (one batched statement): one result per job, in order,
   * empty where another job already has its name. Each stored job gets its audit line from {@code
   * audit}, in the same transaction. All or nothing if the database fails.
   */
  public Future<List<Optional<Job>>> insertAll(List<Job> jobs, Function<Job, AuditEntry> audit) {
    if (jobs.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<Tuple> rows = new ArrayList<>(jobs.size());
    for (Job job : jobs) {
      rows.add(JobRows.toTuple(box, job).addInteger(partitioner.partitionOf(job.id())));
    }
    return pool.withTransaction(
        connection ->
            connection
                .preparedQuery(INSERT_UNLESS_NAME_TAKEN)
                .executeBatch(rows)
                .compose(
                    first -> {
                      List<Optional<Job>> saved = new ArrayList<>(jobs.size());
                      List<AuditEntry> lines = new ArrayList<>(jobs.size());
                      for (RowSet<Row> result = first; result != null; result = result.next()) {
                        Optional<Job> job = first(result);
                        saved.add(job);
                        job.ifPresent(stored -> lines.add(audit.apply(stored)));
                      }
                      return PgAuditStore.append(connection, lines).map(v -> saved);
                    }));
  }

  /** A page of jobs changed since a change sequence number, in change order. */
  public record Changes(List<Job> jobs, long lastSeq) {}

  /**
   * Jobs inserted or updated after change {@code afterSeq} (every insert and update takes the next
   * {@code change_seq}), at most {@code limit}, oldest change first.
   */
  public Future<Changes> changedSince(long afterSeq, int limit) {
    return pool.preparedQuery(
            "SELECT "
                + JobRows.SELECTED
                + ", change_seq FROM jobs WHERE change_seq > $1 ORDER BY change_seq LIMIT $2")
        .execute(Tuple.of(afterSeq, limit))
        .map(
            rows -> {
              List<Job> jobs = new ArrayList<>(rows.size());
              long last = afterSeq;
              for (Row row : rows) {
                jobs.add(JobRows.fromRow(box, row));
                last = Math.max(last, row.getLong(row.size() - 1));
              }
              return new Changes(jobs, last);
            });
  }

  /** The latest change sequence number: changes after it are news. */
  public Future<Long> lastChange() {
    return pool.query("SELECT coalesce(max(change_seq), 0) FROM jobs")
        .execute()
        .map(rows -> rows.iterator().next().getLong(0));
  }

  public Future<Optional<Job>> find(UUID id) {
    return pool.preparedQuery(FIND).execute(Tuple.of(id)).map(this::first);
  }

  /**
   * Writes {@code job} (already carrying its new version) if the stored version is still {@code
   * expectedVersion}, with its audit line in the same transaction.
   */
  public Future<Job> update(Job job, long expectedVersion, AuditEntry audit) {
    return pool.withTransaction(
            connection ->
                connection
                    .preparedQuery(UPDATE)
                    .execute(JobRows.toTuple(box, job).addLong(expectedVersion))
                    .compose(
                        rows ->
                            rows.rowCount() == 1
                                ? PgAuditStore.append(connection, audit)
                                    .map(
                                        v ->
                                            Optional.of(
                                                JobRows.fromRow(box, rows.iterator().next())))
                                : Future.succeededFuture(Optional.<Job>empty())))
        .recover(error -> Future.failedFuture(translate(error, job.name())))
        .compose(
            written -> {
              if (written.isPresent()) {
                return Future.succeededFuture(written.get());
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

  /**
   * One page of jobs in the query's order. Each order has an index that hands rows over in it (see
   * {@code V9__job_table_order.sql}), so a page reads about {@code limit} rows wherever it is.
   */
  public Future<JobPage> list(JobQuery query) {
    boolean byName = query.sort() == JobQuery.Sort.NAME;
    String key = byName ? "(name COLLATE \"C\")" : "id";
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
      sql.append(" AND (name COLLATE \"C\") LIKE $").append(params.size());
    }
    if (query.after() != null) {
      if (byName) {
        params.addString(query.after().name());
      } else {
        params.addUUID(query.after().id());
      }
      sql.append(" AND ")
          .append(key)
          .append(query.descending() ? " < $" : " > $")
          .append(params.size());
    }
    params.addInteger(query.limit() + 1);
    sql.append(" ORDER BY ")
        .append(key)
        .append(query.descending() ? " DESC" : "")
        .append(" LIMIT $")
        .append(params.size());
    return pool.preparedQuery(sql.toString())
        .execute(params)
        .map(
            rows -> {
              List<Job> items = new ArrayList<>(rows.size());
              rows.forEach(row -> items.add(JobRows.fromRow(box, row)));
              if (items.size() <= query.limit()) {
                return new JobPage(items, null);
              }
              List<Job> page = items.subList(0, query.limit());
              Job last = page.get(page.size() - 1);
              return new JobPage(List.copyOf(page), new JobQuery.Position(last.id(), last.name()));
            });
  }

  /** How many jobs are active and how many paused (deleted ones not counted). */
  public record StateCounts(long active, long paused) {}

  /** Counted from the index of jobs by state alone, without reading the jobs' rows. */
  public Future<StateCounts> countByState() {
    return pool.query(
            "SELECT count(*) FILTER (WHERE active), count(*) FILTER (WHERE NOT active) FROM jobs"
                + " WHERE deleted_at IS NULL")
        .execute()
        .map(
            rows -> {
              Row row = rows.iterator().next();
              return new StateCounts(row.getLong(0), row.getLong(1));
            });
  }

  /**
   * Streams every scheduled job of one partition that {@code admission} admits to {@code consumer},
   * page by page in id order, and completes with the count streamed; the others are left to {@code
   * admission}, which reports them (see {@link JobAdmission#loadFinished}). Pages arrive on the
   * caller's context; the consumer should hand them off rather than do heavy work.
   *
   * <p>Pages are at most {@code pageSize} rows and about {@link #LOAD_PAGE_BYTES} of target
   * documents. A page cut short by its byte bound makes the next one ask for about as many rows as
   * it got, so PostgreSQL does not print many large documents only for them to be left out.
   */
  public Future<Integer> loadScheduled(
      int partition, int pageSize, JobAdmission admission, Consumer<List<Job>> consumer) {
    // PostgreSQL orders uuids as unsigned bytes: the nil uuid sorts first.
    return loadFrom(
        partition, new LoadCursor(new UUID(0, 0), pageSize, pageSize, 0), admission, consumer);
  }

  /** Where the load is: after which id, how many rows to ask for next, how many jobs loaded. */
  private record LoadCursor(UUID after, int rows, int maxRows, int loaded) {
    /** The next page's cursor, given the rows this one brought and the jobs admitted from them. */
    LoadCursor next(UUID last, int got, int admitted) {
      int rows = got < this.rows ? Math.max(MIN_LOAD_PAGE_ROWS, 2 * got) : 2 * this.rows;
      return new LoadCursor(last, Math.min(rows, maxRows), maxRows, loaded + admitted);
    }
  }

  private Future<Integer> loadFrom(
      int partition, LoadCursor cursor, JobAdmission admission, Consumer<List<Job>> consumer) {
    int ceiling = (int) Math.min(admission.limits().storedTargetCeilingBytes(), Integer.MAX_VALUE);
    return pool.preparedQuery(LOAD_SCHEDULED)
        .execute(Tuple.of(cursor.after(), cursor.rows(), ceiling, LOAD_PAGE_BYTES, partition))
        .compose(
            rows -> {
              List<Job> page = new ArrayList<>(rows.size());
              UUID last = null;
              for (Row row : rows) {
                last = row.getUUID(0);
                if (JobRows.targetUnread(row)) {
                  admission.refuseUnread(last, row.getInteger(JobRows.STORED_TARGET_BYTES));
                } else {
                  Job job = JobRows.fromRow(box, row);
                  if (admission.admitLoaded(job)) {
                    page.add(job);
                  }
                }
              }
              if (!page.isEmpty()) {
                consumer.accept(page);
              }
              // A page may end early on its byte bound: only an empty one says there is no more.
              if (last == null) {
                return Future.succeededFuture(cursor.loaded());
              }
              return loadFrom(
                  partition, cursor.next(last, rows.size(), page.size()), admission, consumer);
            });
  }

  private Optional<Job> first(RowSet<Row> rows) {
    var it = rows.iterator();
    return it.hasNext() ? Optional.of(JobRows.fromRow(box, it.next())) : Optional.empty();
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
