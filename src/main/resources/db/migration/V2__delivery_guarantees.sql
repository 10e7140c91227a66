-- Per-job delivery policies.
ALTER TABLE jobs
    ADD COLUMN misfire_policy   text   NOT NULL DEFAULT 'FIRE_ONCE'
        CHECK (misfire_policy IN ('FIRE_ONCE', 'FIRE_ALL', 'SKIP')),
    ADD COLUMN catch_up_window_ms bigint NOT NULL DEFAULT 3600000 CHECK (catch_up_window_ms >= 0),
    ADD COLUMN overlap_policy   text   NOT NULL DEFAULT 'ALLOW' CHECK (overlap_policy IN ('ALLOW', 'SKIP', 'QUEUE')),
    ADD COLUMN alert_webhook    text;

-- How far each partition has handed out its seconds. After a crash or a stop, the seconds after this mark are the
-- ones that fell in the downtime: they follow the jobs' misfire policies.
CREATE TABLE partition_progress (
    partition      integer     PRIMARY KEY,
    dispatched_through timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);

-- Settings changed at runtime through the API (concurrency caps); every engine polls them.
CREATE TABLE engine_settings (
    key        text        PRIMARY KEY,
    value      jsonb       NOT NULL,
    updated_at timestamptz NOT NULL
);

-- Alerts about executions that finally failed, with their own delivery state (sent at least once).
CREATE TABLE alerts (
    id            uuid        PRIMARY KEY,
    job_id        uuid        NOT NULL,
    execution_id  uuid        NOT NULL UNIQUE,
    webhook       text        NOT NULL,
    payload       jsonb       NOT NULL,
    status        text        NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts      integer     NOT NULL,
    last_error    text,
    created_at    timestamptz NOT NULL,
    delivered_at  timestamptz
);
CREATE INDEX alerts_recent_idx ON alerts (created_at DESC);
CREATE INDEX alerts_pending_idx ON alerts (created_at) WHERE status = 'PENDING';
