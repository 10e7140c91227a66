-- Alerts are per failure episode of a job, no longer per failed execution: JOB_FAILING when a job starts failing,
-- at most one JOB_STILL_FAILING per job and interval with the failures counted since the previous alert, and
-- JOB_RESOLVED when it succeeds again. They are delivered from this table by a poller that claims due rows with a
-- short lease, so several engines on one database never send the same alert at the same time.

-- execution_id is now the alert's last execution (kept for reading), not a key: one alert covers many executions.
ALTER TABLE alerts DROP CONSTRAINT alerts_execution_id_key;
ALTER TABLE alerts ALTER COLUMN execution_id DROP NOT NULL;

-- FAILED never was written; should a row have it, it means what UNDELIVERABLE means now.
ALTER TABLE alerts DROP CONSTRAINT alerts_status_check;
UPDATE alerts SET status = 'UNDELIVERABLE' WHERE status = 'FAILED';
ALTER TABLE alerts ADD CONSTRAINT alerts_status_check
    CHECK (status IN ('PENDING', 'DELIVERED', 'UNDELIVERABLE'));

-- Existing rows (one per failed execution) become JOB_FAILING alerts of one failure each, due at once.
ALTER TABLE alerts
    ADD COLUMN seq             bigint GENERATED ALWAYS AS IDENTITY,
    ADD COLUMN type            text        NOT NULL DEFAULT 'JOB_FAILING'
        CHECK (type IN ('JOB_FAILING', 'JOB_STILL_FAILING', 'JOB_RESOLVED')),
    ADD COLUMN failing_since   timestamptz,
    ADD COLUMN failures        integer     NOT NULL DEFAULT 1,
    ADD COLUMN total_failures  bigint      NOT NULL DEFAULT 1,
    ADD COLUMN next_attempt_at timestamptz,
    ADD COLUMN claimed_by      text,
    ADD COLUMN claimed_until   timestamptz;
UPDATE alerts SET next_attempt_at = created_at, failing_since = created_at;
ALTER TABLE alerts
    ALTER COLUMN type DROP DEFAULT,
    ALTER COLUMN failures DROP DEFAULT,
    ALTER COLUMN total_failures DROP DEFAULT,
    ALTER COLUMN next_attempt_at SET NOT NULL;

DROP INDEX alerts_pending_idx;
-- The poller: due pending alerts, oldest first.
CREATE INDEX alerts_due_idx ON alerts (next_attempt_at, seq) WHERE status = 'PENDING';
-- A job's alerts go out in order: one is due only when no earlier one of its job is still pending.
CREATE INDEX alerts_job_pending_idx ON alerts (job_id, seq) WHERE status = 'PENDING';

-- The jobs failing now, as last told: a restarted engine carries their episodes on (no second JOB_FAILING, and a
-- JOB_RESOLVED when they succeed again). Written with the alerts; a JOB_RESOLVED deletes the row.
CREATE TABLE alert_episodes (
    job_id         uuid        PRIMARY KEY,
    failing_since  timestamptz NOT NULL,
    total_failures bigint      NOT NULL,
    last_alert_at  timestamptz NOT NULL
);
