package io.cronwheel.support;

import io.vertx.pgclient.PgConnectOptions;

/** Checks on the executions table that several fault tests share. */
public final class ExecutionChecks {
  private ExecutionChecks() {}

  /**
   * Seconds from {@code fromSecond} to {@code toSecond} (inclusive) of every active every-second
   * at-least-once job that have no SUCCEEDED or MISSED row: seconds neither sent nor accounted for
   * by the job's misfire policy.
   */
  public static long unaccountedAtLeastOnceSeconds(
      PgConnectOptions db, long fromSecond, long toSecond) {
    return PostgresFixture.get()
        .queryLong(
            db,
            "SELECT count(*) FROM jobs j CROSS JOIN generate_series(to_timestamp("
                + fromSecond
                + "), to_timestamp("
                + toSecond
                + "), interval '1 second') s WHERE j.execution_type = 'AT_LEAST_ONCE' "
                + "AND NOT EXISTS (SELECT 1 FROM executions e WHERE e.job_id = j.id "
                + "AND e.scheduled_at = s AND e.status IN ('SUCCEEDED', 'MISSED'))");
  }

  /** Rows left CLAIMED or RUNNING. */
  public static long unfinished(PgConnectOptions db) {
    return PostgresFixture.get()
        .queryLong(db, "SELECT count(*) FROM executions WHERE status IN ('CLAIMED', 'RUNNING')");
  }
}
