package io.cronwheel.store;

import io.cronwheel.model.Execution;
import io.cronwheel.model.ExecutionStatus;
import io.cronwheel.model.ExecutionType;
import io.cronwheel.model.Fire;
import io.cronwheel.model.Trigger;
import io.cronwheel.model.UnfinishedExecution;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Executions in PostgreSQL. Writes go in batches as arrays unnested server-side: one statement and
 * one round trip for thousands of rows. Thread-safe.
 */
public final class PgExecutionStore implements ExecutionWriter {
  static final String COLUMNS =
      "id, job_id, scheduled_at, fired_at, drift_ms, status, http_status, duration_ms, "
          + "attempts, error, trigger_kind";
  private static final String UPSERT =
      "INSERT INTO executions ("
          + COLUMNS
          + ", updated_at) "
          + "SELECT u.*, now() FROM UNNEST($1::uuid[], $2::uuid[], $3::timestamptz[], $4::timestamptz[], $5::int8[], "
          + "$6::text[], $7::int4[], $8::int8[], $9::int4[], $10::text[], $11::text[]) AS u("
          + COLUMNS
          + ") "
          + "ON CONFLICT (job_id, scheduled_at) DO UPDATE SET fired_at = EXCLUDED.fired_at, "
          + "drift_ms = EXCLUDED.drift_ms, status = EXCLUDED.status, http_status = EXCLUDED.http_status, "
          + "duration_ms = EXCLUDED.duration_ms, attempts = EXCLUDED.attempts, error = EXCLUDED.error, "
          + "updated_at = EXCLUDED.updated_at WHERE executions.id = EXCLUDED.id";
  // The unique (job_id, scheduled_at) key decides: a row already there means another claim won.
  // Fenced: nothing is inserted unless the lease is still held; then one row with a null id says
  // so.
  private static final String CLAIM =
      "WITH lease AS ("
          + Fence.heldLease(4)
          + "), claimed AS (INSERT INTO executions (id, job_id, scheduled_at, status, attempts, "
          + "trigger_kind, epoch, updated_at) SELECT u.id, u.job_id, u.scheduled_at, 'CLAIMED', 0, "
          + "'SCHEDULED', lease.epoch, now() FROM UNNEST($1::uuid[], $2::uuid[], $3::timestamptz[]) "
          + "AS u(id, job_id, scheduled_at) CROSS JOIN lease "
          + "ON CONFLICT (job_id, scheduled_at) DO NOTHING RETURNING id) "
          + "SELECT id FROM claimed UNION ALL SELECT NULL WHERE NOT EXISTS (SELECT 1 FROM lease)";
  // By the claim key, which every partition's index has; the id only confirms the claim is ours.
  private static final String RELEASE =
      "DELETE FROM executions e USING UNNEST($1::uuid[], $2::uuid[], $3::timestamptz[]) "
          + "AS u(id, job_id, scheduled_at) WHERE e.job_id = u.job_id "
          + "AND e.scheduled_at = u.scheduled_at AND e.id = u.id AND e.status = 'CLAIMED' "
          + "AND EXISTS ("
          + Fence.heldLease(4)
          + ")";
  private static final String INSERT_RUNNING =
      "INSERT INTO executions (id, job_id, scheduled_at, fired_at, "
          + "drift_ms, status, attempts, trigger_kind, updated_at) VALUES ($1, $2, $3, $3, 0, 'RUNNING', 0, $4, now()) "
          + "ON CONFLICT (job_id, scheduled_at) DO NOTHING RETURNING id";

  private final Pool pool;
  private final PgExecutionRejects rejects;

  public PgExecutionStore(Pool pool) {
    this.pool = pool;
    this.rejects = new PgExecutionRejects(pool);
  }

  @Override
  public Future<Integer> setAside(List<ExecutionReject> refused) {
    return rejects.setAside(refused);
  }

  /**
   * Records set aside in {@code execution_rejects}, newest first: up to {@code limit} with an id
   * below {@code beforeId} (null for the newest).
   */
  public Future<List<StoredReject>> rejects(int limit, Long beforeId) {
    return rejects.newest(limit, beforeId);
  }

  /** Inserts or completes the rows; a row claimed under another execution id is left alone. */
  @Override
  public Future<Integer> upsert(List<Execution> batch) {
    int n = batch.size();
    UUID[] ids = new UUID[n];
    UUID[] jobIds = new UUID[n];
    OffsetDateTime[] scheduledAt = new OffsetDateTime[n];
    OffsetDateTime[] firedAt = new OffsetDateTime[n];
    Long[] drift = new Long[n];
    String[] status = new String[n];
    Integer[] httpStatus = new Integer[n];
    Long[] duration = new Long[n];
    Integer[] attempts = new Integer[n];
    String[] error = new String[n];
    String[] trigger = new String[n];
    for (int i = 0; i < n; i++) {
      Execution e = batch.get(i);
      ids[i] = e.id();
      jobIds[i] = e.jobId();
      scheduledAt[i] = JobRows.utc(e.scheduledAt());
      firedAt[i] = JobRows.utc(e.firedAt());
      drift[i] = e.driftMs();
      status[i] = e.status().name();
      httpStatus[i] = e.httpStatus();
      duration[i] = e.durationMs();
      attempts[i] = e.attempts();
      error[i] = e.error();
      trigger[i] = e.trigger().name();
    }
    Tuple params =
        Tuple.tuple()
            .addValue(ids)
            .addValue(jobIds)
            .addValue(scheduledAt)
            .addValue(firedAt)
            .addValue(drift)
            .addValue(status)
            .addValue(httpStatus)
            .addValue(duration)
            .addValue(attempts)
            .addValue(error)
            .addValue(trigger);
    return pool.preparedQuery(UPSERT).execute(params).map(rows -> rows.rowCount());
  }

  /**
   * Claims the fires' seconds in one statement; the result holds the execution ids this process
   * won.
   */
  public Future<Set<UUID>> claim(List<Fire> fires, Fence fence) {
    Tuple params = fence.addTo(claimKeys(fires));
    return pool.preparedQuery(CLAIM)
        .execute(params)
        .compose(
            rows -> {
              Set<UUID> won = new HashSet<>(rows.size() * 2);
              for (Row row : rows) {
                UUID id = row.getUUID(0);
                if (id == null) {
                  return Future.failedFuture(Fence.fencedOut(fence));
                }
                won.add(id);
              }
              return Future.succeededFuture(won);
            });
  }

  /**
   * Records a manual fire as running before it is sent; false if its (job, time) key is already
   * taken.
   */
  public Future<Boolean> insertRunning(Fire fire) {
    Tuple params =
        Tuple.of(
            fire.executionId(),
            fire.job().id(),
            JobRows.utc(Instant.ofEpochMilli(fire.scheduledAtMillis())),
            fire.trigger().name());
    return pool.preparedQuery(INSERT_RUNNING).execute(params).map(rows -> rows.size() == 1);
  }

  /** This partition's executions still claimed or running, with their jobs' delivery type. */
  public Future<List<UnfinishedExecution>> unfinished(int partition) {
    return pool.preparedQuery(
            "SELECT e.id, e.job_id, e.scheduled_at, e.status, e.trigger_kind, j.execution_type "
                + "FROM executions e JOIN jobs j ON j.id = e.job_id "
                + "WHERE e.status IN ('CLAIMED', 'RUNNING') AND j.partition = $1")
        .execute(Tuple.of(partition))
        .map(
            rows -> {
              List<UnfinishedExecution> found = new ArrayList<>(rows.size());
              rows.forEach(
                  row ->
                      found.add(
                          new UnfinishedExecution(
                              row.getUUID(0),
                              row.getUUID(1),
                              row.getOffsetDateTime(2).toInstant(),
                              ExecutionStatus.valueOf(row.getString(3)),
                              Trigger.valueOf(row.getString(4)),
                              ExecutionType.valueOf(row.getString(5)))));
              return found;
            });
  }

  /**
   * The (job, second) of every scheduled execution of the partition's jobs in {@code [fromSecond,
   * toSecond)} that has a row, at most {@code limit}; completes with how many.
   */
  public Future<Integer> recorded(
      int partition, long fromSecond, long toSecond, int limit, BiConsumer<UUID, Long> recorded) {
    return pool.preparedQuery(
            "SELECT e.job_id, e.scheduled_at FROM executions e JOIN jobs j ON j.id = e.job_id "
                + "WHERE j.partition = $1 AND e.scheduled_at >= $2 AND e.scheduled_at < $3 "
                + "AND e.trigger_kind = 'SCHEDULED' LIMIT $4")
        .execute(
            Tuple.of(
                partition,
                JobRows.utc(Instant.ofEpochSecond(fromSecond)),
                JobRows.utc(Instant.ofEpochSecond(toSecond)),
                limit))
        .map(
            rows -> {
              rows.forEach(
                  row -> recorded.accept(row.getUUID(0), row.getOffsetDateTime(1).toEpochSecond()));
              return rows.size();
            });
  }

  /**
   * Deletes up to {@code limit} final executions scheduled before {@code before} from the default
   * partition (rows that fell outside every time partition); returns how many went. The time
   * partitions expire whole ({@link PgHistoryPartitions}). Unfinished rows are never deleted here:
   * recovery still needs them.
   */
  public Future<Integer> deleteFinishedBefore(Instant before, int limit) {
    return pool.preparedQuery(
            "WITH doomed AS (DELETE FROM executions_default WHERE ctid IN (SELECT ctid FROM "
                + "executions_default WHERE scheduled_at < $1 AND status NOT IN ('CLAIMED', 'RUNNING') "
                + "LIMIT $2) RETURNING 1) "
                + "SELECT count(*) FROM doomed")
        .execute(Tuple.of(JobRows.utc(before), limit))
        .map(rows -> rows.iterator().next().getLong(0).intValue());
  }

  /**
   * Deletes claims on seconds that were never sent, so a later run decides them through the misfire
   * policy.
   */
  public Future<Void> release(List<Fire> fires, Fence fence) {
    return pool.preparedQuery(RELEASE).execute(fence.addTo(claimKeys(fires))).mapEmpty();
  }

  /** The fires' execution ids, job ids and scheduled times, as three array parameters. */
  private static Tuple claimKeys(List<Fire> fires) {
    int n = fires.size();
    UUID[] ids = new UUID[n];
    UUID[] jobIds = new UUID[n];
    OffsetDateTime[] scheduledAt = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      Fire fire = fires.get(i);
      ids[i] = fire.executionId();
      jobIds[i] = fire.job().id();
      scheduledAt[i] = JobRows.utc(Instant.ofEpochMilli(fire.scheduledAtMillis()));
    }
    return Tuple.tuple().addValue(ids).addValue(jobIds).addValue(scheduledAt);
  }

  /** Newest first. {@code jobId}, {@code status}, {@code from} and {@code to} may be null. */
  public Future<ExecutionPage> history(ExecutionQuery query) {
    StringBuilder sql =
        new StringBuilder("SELECT ").append(COLUMNS).append(" FROM executions WHERE true");
    Tuple params = Tuple.tuple();
    if (query.jobId() != null) {
      params.addUUID(query.jobId());
      sql.append(" AND job_id = $").append(params.size());
    }
    if (query.status() != null) {
      params.addString(query.status().name());
      sql.append(" AND status = $").append(params.size());
    }
    if (query.from() != null) {
      params.addOffsetDateTime(JobRows.utc(query.from()));
      sql.append(" AND scheduled_at >= $").append(params.size());
    }
    if (query.to() != null) {
      params.addOffsetDateTime(JobRows.utc(query.to()));
      sql.append(" AND scheduled_at < $").append(params.size());
    }
    if (query.before() != null) {
      params.addOffsetDateTime(JobRows.utc(query.before().scheduledAt()));
      params.addUUID(query.before().id());
      // The plain bound lets PostgreSQL skip the partitions after the cursor; the row comparison
      // alone would not.
      sql.append(" AND scheduled_at <= $")
          .append(params.size() - 1)
          .append(" AND (scheduled_at, id) < ($")
          .append(params.size() - 1)
          .append(", $")
          .append(params.size())
          .append(")");
    }
    params.addInteger(query.limit() + 1);
    sql.append(" ORDER BY scheduled_at DESC, id DESC LIMIT $").append(params.size());
    return pool.preparedQuery(sql.toString())
        .execute(params)
        .map(
            rows -> {
              List<Execution> items = new ArrayList<>(rows.size());
              rows.forEach(row -> items.add(fromRow(row)));
              if (items.size() <= query.limit()) {
                return new ExecutionPage(items, null);
              }
              List<Execution> page = List.copyOf(items.subList(0, query.limit()));
              Execution last = page.get(page.size() - 1);
              return new ExecutionPage(
                  page, new ExecutionQuery.Position(last.scheduledAt(), last.id()));
            });
  }

  static Execution fromRow(Row row) {
    return new Execution(
        row.getUUID("id"),
        row.getUUID("job_id"),
        JobRows.instant(row.getOffsetDateTime("scheduled_at")),
        JobRows.instant(row.getOffsetDateTime("fired_at")),
        row.getLong("drift_ms"),
        ExecutionStatus.valueOf(row.getString("status")),
        row.getInteger("http_status"),
        row.getLong("duration_ms"),
        row.getInteger("attempts"),
        row.getString("error"),
        Trigger.valueOf(row.getString("trigger_kind")));
  }
}
