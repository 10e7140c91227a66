package io.cronwheel.store;

import io.cronwheel.model.Execution;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The {@code execution_rejects} table: records PostgreSQL refused on their own, kept with their
 * error where an operator can see them. Written in one statement per batch. Thread-safe.
 */
final class PgExecutionRejects {
  private static final String SET_ASIDE =
      "INSERT INTO execution_rejects (execution_id, job_id, scheduled_at, payload, sqlstate, error, "
          + "rejected_at) SELECT u.execution_id, u.job_id, u.scheduled_at, u.payload::jsonb, u.sqlstate, "
          + "u.error, now() FROM UNNEST($1::uuid[], $2::uuid[], $3::timestamptz[], $4::text[], $5::text[], "
          + "$6::text[]) AS u(execution_id, job_id, scheduled_at, payload, sqlstate, error)";
  private static final String SELECTED =
      "id, execution_id, job_id, scheduled_at, payload, sqlstate, error, rejected_at";

  private final Pool pool;

  PgExecutionRejects(Pool pool) {
    this.pool = pool;
  }

  Future<Integer> setAside(List<ExecutionReject> rejects) {
    int n = rejects.size();
    UUID[] ids = new UUID[n];
    UUID[] jobIds = new UUID[n];
    OffsetDateTime[] scheduledAt = new OffsetDateTime[n];
    String[] payload = new String[n];
    String[] sqlState = new String[n];
    String[] error = new String[n];
    for (int i = 0; i < n; i++) {
      ExecutionReject reject = rejects.get(i);
      Execution e = reject.execution();
      ids[i] = e.id();
      jobIds[i] = e.jobId();
      scheduledAt[i] = JobRows.utc(e.scheduledAt());
      payload[i] = RejectPayloads.payload(e);
      sqlState[i] = reject.sqlState();
      error[i] = String.valueOf(RejectPayloads.text(reject.error()));
    }
    Tuple params =
        Tuple.tuple()
            .addValue(ids)
            .addValue(jobIds)
            .addValue(scheduledAt)
            .addValue(payload)
            .addValue(sqlState)
            .addValue(error);
    return pool.preparedQuery(SET_ASIDE).execute(params).map(rows -> rows.rowCount());
  }

  /**
   * Newest first: up to {@code limit} rows with an id below {@code beforeId} (null: the newest).
   */
  Future<List<StoredReject>> newest(int limit, Long beforeId) {
    Tuple params = Tuple.tuple();
    StringBuilder sql =
        new StringBuilder("SELECT ").append(SELECTED).append(" FROM execution_rejects");
    if (beforeId != null) {
      params.addLong(beforeId);
      sql.append(" WHERE id < $1");
    }
    params.addInteger(limit);
    sql.append(" ORDER BY id DESC LIMIT $").append(params.size());
    return pool.preparedQuery(sql.toString())
        .execute(params)
        .map(
            rows -> {
              List<StoredReject> found = new ArrayList<>(rows.size());
              rows.forEach(
                  row ->
                      found.add(
                          new StoredReject(
                              row.getLong(0),
                              row.getUUID(1),
                              row.getUUID(2),
                              JobRows.instant(row.getOffsetDateTime(3)),
                              row.getJsonObject(4),
                              row.getString(5),
                              row.getString(6),
                              JobRows.instant(row.getOffsetDateTime(7)))));
              return found;
            });
  }
}
