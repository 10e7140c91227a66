-- Jobs: one row per registered job. Soft-deleted jobs keep their row (and their name) so they can be re-activated.
CREATE TABLE jobs (
    id             uuid        PRIMARY KEY,
    name           text        NOT NULL,
    schedule       text        NOT NULL,
    timezone       text        NOT NULL,
    execution_type text        NOT NULL CHECK (execution_type IN ('AT_LEAST_ONCE', 'AT_MOST_ONCE')),
    target         jsonb       NOT NULL,
    timeout_ms     integer     NOT NULL CHECK (timeout_ms > 0),
    retry          jsonb       NOT NULL,
    active         boolean     NOT NULL,
    deleted_at     timestamptz,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    version        bigint      NOT NULL
);
CREATE UNIQUE INDEX jobs_name_key ON jobs (name);
-- Start-up loads scheduled jobs in id order, page by page.
CREATE INDEX jobs_scheduled_idx ON jobs (id) WHERE active AND deleted_at IS NULL;

-- Executions: one row per (job, scheduled time). The unique key is the durable claim that makes a second fire once
-- across processes. No foreign key to jobs: jobs are never hard-deleted, and the check would cost every insert.
CREATE TABLE executions (
    id            uuid        PRIMARY KEY,
    job_id        uuid        NOT NULL,
    scheduled_at  timestamptz NOT NULL,
    fired_at      timestamptz,
    drift_ms      bigint,
    status        text        NOT NULL,
    http_status   integer,
    duration_ms   bigint,
    attempts      integer     NOT NULL,
    error         text,
    trigger_kind  text        NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE UNIQUE INDEX executions_claim_key ON executions (job_id, scheduled_at);
CREATE INDEX executions_recent_idx ON executions (scheduled_at DESC);
-- Rare statuses are the ones people filter on; a partial index keeps that fast without taxing every insert.
CREATE INDEX executions_trouble_idx ON executions (status, scheduled_at DESC)
    WHERE status IN ('FAILED', 'SKIPPED', 'MISSED', 'CLAIMED', 'RUNNING');
