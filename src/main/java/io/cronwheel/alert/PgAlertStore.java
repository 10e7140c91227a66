package io.cronwheel.alert;

import io.cronwheel.model.AlertType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code alerts} and {@code alert_episodes} tables. Claims are made with {@code FOR UPDATE SKIP
 * LOCKED} and a lease ({@code claimed_by}, {@code claimed_until}); the outcome of a delivery is
 * written only by the engine that still holds the claim. Thread-safe.
 */
public final class PgAlertStore implements AlertStore {
  private static final String COLUMNS =
      "id, job_id, execution_id, webhook, payload, status, type, failures, total_failures, "
          + "attempts, last_error, created_at, next_attempt_at, delivered_at";

  private static final String INSERT =
      "WITH incoming AS (SELECT * FROM UNNEST($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], "
          + "$5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::int4[], $10::int8[]) "
          + "WITH ORDINALITY AS u(id, job_id, execution_id, webhook, payload, type, created_at, "
          + "failing_since, failures, total_failures, ord)), "
          // A still-failing alert of the same episode, pending and never sent, takes the counts.
          + "merged AS (UPDATE alerts a SET failures = a.failures + i.failures, "
          + "total_failures = i.total_failures, execution_id = i.execution_id, webhook = i.webhook, "
          + "payload = i.payload::jsonb || jsonb_build_object('failures', a.failures + i.failures) "
          + "FROM incoming i WHERE i.type = 'JOB_STILL_FAILING' AND a.job_id = i.job_id "
          + "AND a.status = 'PENDING' AND a.type = 'JOB_STILL_FAILING' AND a.attempts = 0 "
          + "AND a.failing_since = i.failing_since RETURNING i.id), "
          + "episodes AS (INSERT INTO alert_episodes (job_id, failing_since, total_failures, "
          + "last_alert_at) SELECT * FROM UNNEST($11::uuid[], $12::timestamptz[], $13::int8[], "
          + "$14::timestamptz[]) ON CONFLICT (job_id) DO UPDATE SET "
          + "failing_since = EXCLUDED.failing_since, total_failures = EXCLUDED.total_failures, "
          + "last_alert_at = EXCLUDED.last_alert_at), "
          + "resolved AS (DELETE FROM alert_episodes WHERE job_id = ANY($15::uuid[])) "
          + "INSERT INTO alerts (id, job_id, execution_id, webhook, payload, status, attempts, "
          + "created_at, type, failing_since, failures, total_failures, next_attempt_at) "
          // Behind a job's alert waiting for a retry, a new one is not due before it.
          + "SELECT id, job_id, execution_id, webhook, payload::jsonb, 'PENDING', 0, created_at, "
          + "type, failing_since, failures, total_failures, GREATEST(created_at, (SELECT "
          + "max(p.next_attempt_at) FROM alerts p WHERE p.job_id = i.job_id AND p.status = 'PENDING')) "
          + "FROM incoming i WHERE id NOT IN (SELECT id FROM merged) ORDER BY ord";

  // A job's alerts go out in order: one is due only when no earlier one of its job is pending.
  private static final String CLAIM =
      "WITH due AS (SELECT a.id FROM alerts a WHERE a.status = 'PENDING' "
          + "AND a.next_attempt_at <= $2 AND (a.claimed_until IS NULL OR a.claimed_until <= $2) "
          + "AND NOT EXISTS (SELECT 1 FROM alerts b WHERE b.job_id = a.job_id "
          + "AND b.status = 'PENDING' AND b.seq < a.seq) "
          + "ORDER BY a.next_attempt_at, a.seq LIMIT $4 FOR UPDATE SKIP LOCKED) "
          + "UPDATE alerts SET claimed_by = $1, claimed_until = $3, attempts = attempts + 1 "
          + "FROM due WHERE alerts.id = due.id "
          + "RETURNING alerts.id, alerts.job_id, alerts.type, alerts.webhook, alerts.payload, "
          + "alerts.attempts, alerts.created_at";

  /** One alert and its delivery state, as listed by the API. */
  public record Alert(
      UUID id,
      UUID jobId,
      UUID executionId,
      String webhook,
      JsonObject payload,
      String status,
      String type,
      int failures,
      long totalFailures,
      int attempts,
      String lastError,
      OffsetDateTime createdAt,
      OffsetDateTime nextAttemptAt,
      OffsetDateTime deliveredAt) {
    public JsonObject toJson() {
      return new JsonObject()
          .put("id", id.toString())
          .put("type", type)
          .put("jobId", jobId.toString())
          .put("executionId", executionId == null ? null : executionId.toString())
          .put("webhook", webhook)
          .put("payload", payload)
          .put("status", status)
          .put("failures", failures)
          .put("totalFailures", totalFailures)
          .put("attempts", attempts)
          .put("lastError", lastError)
          .put("createdAt", createdAt.toInstant().toString())
          .put(
              "nextAttemptAt",
              "PENDING".equals(status) ? nextAttemptAt.toInstant().toString() : null)
          .put("deliveredAt", deliveredAt == null ? null : deliveredAt.toInstant().toString());
    }
  }

  private final Pool pool;
  private final String nodeId;

  /**
   * @param nodeId names this engine's claims; unique per running engine
   */
  public PgAlertStore(Pool pool, String nodeId) {
    this.pool = pool;
    this.nodeId = nodeId;
  }

  @Override
  public Future<Void> insert(List<NewAlert> alerts) {
    int n = alerts.size();
    UUID[] ids = new UUID[n];
    UUID[] jobIds = new UUID[n];
    UUID[] executionIds = new UUID[n];
    String[] webhooks = new String[n];
    String[] payloads = new String[n];
    String[] types = new String[n];
    OffsetDateTime[] createdAt = new OffsetDateTime[n];
    OffsetDateTime[] failingSince = new OffsetDateTime[n];
    Integer[] failures = new Integer[n];
    Long[] totalFailures = new Long[n];
    // What the batch leaves each job at: the last alert per job decides.
    Map<UUID, NewAlert> lastPerJob = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      NewAlert a = alerts.get(i);
      ids[i] = a.id();
      jobIds[i] = a.jobId();
      executionIds[i] = a.lastExecution() == null ? null : a.lastExecution().id();
      webhooks[i] = a.webhook();
      payloads[i] = a.payload().encode();
      types[i] = a.type().name();
      createdAt[i] = utc(a.createdAtMillis());
      failingSince[i] = utc(a.failingSinceMillis());
      failures[i] = a.failures();
      totalFailures[i] = a.totalFailures();
      lastPerJob.remove(a.jobId());
      lastPerJob.put(a.jobId(), a);
    }
    List<NewAlert> failing = new ArrayList<>();
    List<UUID> resolved = new ArrayList<>();
    lastPerJob.forEach(
        (jobId, a) -> {
          if (a.type() == AlertType.JOB_RESOLVED) {
            resolved.add(jobId);
          } else {
            failing.add(a);
          }
        });
    Tuple params =
        Tuple.tuple()
            .addValue(ids)
            .addValue(jobIds)
            .addValue(executionIds)
            .addValue(webhooks)
            .addValue(payloads)
            .addValue(types)
            .addValue(createdAt)
            .addValue(failingSince)
            .addValue(failures)
            .addValue(totalFailures)
            .addValue(failing.stream().map(NewAlert::jobId).toArray(UUID[]::new))
            .addValue(
                failing.stream()
                    .map(a -> utc(a.failingSinceMillis()))
                    .toArray(OffsetDateTime[]::new))
            .addValue(failing.stream().map(NewAlert::totalFailures).toArray(Long[]::new))
            .addValue(
                failing.stream().map(a -> utc(a.createdAtMillis())).toArray(OffsetDateTime[]::new))
            .addValue(resolved.toArray(UUID[]::new));
    return pool.preparedQuery(INSERT).execute(params).mapEmpty();
  }

  @Override
  public Future<List<Claimed>> claim(long nowMillis, long leaseUntilMillis, int limit) {
    return pool.preparedQuery(CLAIM)
        .execute(Tuple.of(nodeId, utc(nowMillis), utc(leaseUntilMillis), limit))
        .map(
            rows -> {
              List<Claimed> claimed = new ArrayList<>(rows.size());
              for (Row row : rows) {
                claimed.add(
                    new Claimed(
                        row.getUUID(0),
                        row.getUUID(1),
                        AlertType.valueOf(row.getString(2)),
                        row.getString(3),
                        (JsonObject) row.getValue(4),
                        row.getInteger(5),
                        row.getOffsetDateTime(6).toInstant().toEpochMilli()));
              }
              return claimed;
            });
  }

  @Override
  public Future<Void> delivered(UUID id, long nowMillis) {
    return pool.preparedQuery(
            "UPDATE alerts SET status = 'DELIVERED', delivered_at = $3, last_error = NULL, "
                + "claimed_by = NULL, claimed_until = NULL WHERE id = $1 AND claimed_by = $2")
        .execute(Tuple.of(id, nodeId, utc(nowMillis)))
        .mapEmpty();
  }

  @Override
  public Future<Void> retryAt(UUID id, long nextAttemptAtMillis, String error) {
    // The job's later alerts wait as long: the poller then skips them instead of reading them
    // on every poll only to find them blocked.
    return pool.preparedQuery(
            "WITH settled AS (UPDATE alerts SET next_attempt_at = $3, last_error = $4, "
                + "claimed_by = NULL, claimed_until = NULL WHERE id = $1 AND claimed_by = $2 "
                + "RETURNING job_id) "
                + "UPDATE alerts SET next_attempt_at = $3 WHERE job_id IN (SELECT job_id FROM settled) "
                + "AND status = 'PENDING' AND id <> $1 AND next_attempt_at < $3")
        .execute(Tuple.of(id, nodeId, utc(nextAttemptAtMillis), error))
        .mapEmpty();
  }

  @Override
  public Future<Void> undeliverable(UUID id, String error) {
    return pool.preparedQuery(
            "UPDATE alerts SET status = 'UNDELIVERABLE', last_error = $3, claimed_by = NULL, "
                + "claimed_until = NULL WHERE id = $1 AND claimed_by = $2")
        .execute(Tuple.of(id, nodeId, error))
        .mapEmpty();
  }

  @Override
  public Future<List<AlertTracker.OpenEpisode>> openEpisodes(long sinceMillis, int limit) {
    return pool.preparedQuery(
            "SELECT job_id, failing_since, total_failures, last_alert_at FROM alert_episodes "
                + "WHERE last_alert_at >= $1 LIMIT $2")
        .execute(Tuple.of(utc(sinceMillis), limit))
        .map(
            rows -> {
              List<AlertTracker.OpenEpisode> open = new ArrayList<>(rows.size());
              for (Row row : rows) {
                open.add(
                    new AlertTracker.OpenEpisode(
                        row.getUUID(0),
                        row.getOffsetDateTime(1).toInstant().toEpochMilli(),
                        row.getLong(2),
                        row.getOffsetDateTime(3).toInstant().toEpochMilli()));
              }
              return open;
            });
  }

  /** The newest alerts first, for the API. */
  public Future<List<Alert>> recent(int limit) {
    return pool.preparedQuery(
            "SELECT " + COLUMNS + " FROM alerts ORDER BY created_at DESC, seq DESC LIMIT $1")
        .execute(Tuple.of(limit))
        .map(PgAlertStore::alerts);
  }

  /**
   * Deletes up to {@code limit} delivered or undeliverable alerts created before {@code before},
   * and the episodes last told about before it; returns how many alerts went. Pending alerts stay:
   * the delivery cap ends them.
   */
  public Future<Integer> deleteFinishedBefore(Instant before, int limit) {
    return pool.preparedQuery(
            "WITH doomed AS (DELETE FROM alerts WHERE id IN (SELECT id FROM alerts "
                + "WHERE created_at < $1 AND status <> 'PENDING' LIMIT $2) RETURNING id), "
                + "stale AS (DELETE FROM alert_episodes WHERE last_alert_at < $1) "
                + "SELECT count(*) FROM doomed")
        .execute(Tuple.of(utc(before.toEpochMilli()), limit))
        .map(rows -> rows.iterator().next().getLong(0).intValue());
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
              row.getString("type"),
              row.getInteger("failures"),
              row.getLong("total_failures"),
              row.getInteger("attempts"),
              row.getString("last_error"),
              row.getOffsetDateTime("created_at"),
              row.getOffsetDateTime("next_attempt_at"),
              row.getOffsetDateTime("delivered_at")));
    }
    return alerts;
  }
}
