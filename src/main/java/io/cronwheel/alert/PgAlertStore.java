package io.cronwheel.alert;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The {@code alerts} table. */
public final class PgAlertStore {
  private static final String COLUMNS =
      "id, job_id, execution_id, webhook, payload, status, attempts, last_error, "
          + "created_at, delivered_at";

  /** One alert and its delivery state. */
  public record Alert(
      UUID id,
      UUID jobId,
      UUID executionId,
      String webhook,
      JsonObject payload,
      String status,
      int attempts,
      String lastError,
      OffsetDateTime createdAt,
      OffsetDateTime deliveredAt) {
    public JsonObject toJson() {
      return new JsonObject()
          .put("id", id.toString())
          .put("jobId", jobId.toString())
          .put("executionId", executionId.toString())
          .put("webhook", webhook)
          .put("payload", payload)
          .put("status", status)
          .put("attempts", attempts)
          .put("lastError", lastError)
          .put("createdAt", createdAt.toInstant().toString())
          .put("deliveredAt", deliveredAt == null ? null : deliveredAt.toInstant().toString());
    }
  }

  private final Pool pool;

  public PgAlertStore(Pool pool) {
    this.pool = pool;
  }

  /** Stores a new pending alert; one per execution, so a repeated insert is a no-op. */
  public Future<Void> insert(Alert alert) {
    return pool.preparedQuery(
            "INSERT INTO alerts ("
                + COLUMNS
                + ") VALUES ($1, $2, $3, $4, $5, 'PENDING', 0, "
                + "NULL, $6, NULL) ON CONFLICT (execution_id) DO NOTHING")
        .execute(
            Tuple.of(
                alert.id(),
                alert.jobId(),
                alert.executionId(),
                alert.webhook(),
                alert.payload(),
                alert.createdAt()))
        .mapEmpty();
  }

  public Future<Void> delivered(UUID id, int attempts) {
    return pool.preparedQuery(
            "UPDATE alerts SET status = 'DELIVERED', attempts = $2, last_error = NULL, "
                + "delivered_at = now() WHERE id = $1")
        .execute(Tuple.of(id, attempts))
        .mapEmpty();
  }

  public Future<Void> attemptFailed(UUID id, int attempts, String error) {
    return pool.preparedQuery("UPDATE alerts SET attempts = $2, last_error = $3 WHERE id = $1")
        .execute(Tuple.of(id, attempts, error))
        .mapEmpty();
  }

  /** Pending alerts created before {@code before}: left over by a restart or a lost retry. */
  public Future<List<Alert>> pending(OffsetDateTime before, int limit) {
    return pool.preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM alerts WHERE status = 'PENDING' AND created_at < $1 "
                + "ORDER BY created_at LIMIT $2")
        .execute(Tuple.of(before, limit))
        .map(PgAlertStore::alerts);
  }

  public Future<List<Alert>> recent(int limit) {
    return pool.preparedQuery(
            "SELECT " + COLUMNS + " FROM alerts ORDER BY created_at DESC LIMIT $1")
        .execute(Tuple.of(limit))
        .map(PgAlertStore::alerts);
  }

  static OffsetDateTime utc(long epochMillis) {
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
  }

  private static List<Alert> alerts(Iterable<Row> rows) {
    List<Alert> alerts = new ArrayList<>();
    for (Row row : rows) {
      alerts.add(
          new Alert(
              row.getUUID("id"),
              row.getUUID("job_id"),
              row.getUUID("execution_id"),
              row.getString("webhook"),
              (JsonObject) row.getValue("payload"),
              row.getString("status"),
              row.getInteger("attempts"),
              row.getString("last_error"),
              row.getOffsetDateTime("created_at"),
              row.getOffsetDateTime("delivered_at")));
    }
    return alerts;
  }
}
