-- executions becomes range-partitioned on scheduled_at, so retention drops whole partitions instead of deleting
-- rows: at 10,000 fires/s a week is 6 billion rows, and DELETEs at that rate compete with the hot path and leave
-- dead tuples that autovacuum never catches up with. The engine creates the partitions ahead of time and drops the
-- expired ones (store.PgHistoryPartitions); this migration only sets up the parent.
--
-- Existing data is kept without copying a row: the old table is attached as one partition covering everything
-- before the next whole hour (or the latest scheduled_at), and is dropped whole once all of it is past retention.
-- Attaching it scans it once to check the range (about a minute per 100 million rows), under a lock on the old
-- table only; the engine does not fire while it migrates. Flyway runs this file in one transaction: interrupted or
-- failed, nothing of it stays, and the next start runs it again from the beginning.

ALTER TABLE executions RENAME TO executions_legacy;
ALTER TABLE executions_legacy RENAME CONSTRAINT executions_pkey TO executions_legacy_pkey;
ALTER INDEX executions_claim_key RENAME TO executions_legacy_claim_key;
ALTER INDEX executions_recent_idx RENAME TO executions_legacy_recent_idx;
ALTER INDEX executions_trouble_idx RENAME TO executions_legacy_trouble_idx;

-- No primary key: a unique key on a partitioned table must contain the partition key, and (job_id, scheduled_at)
-- is already the claim key. The execution id stays unique by construction (random UUIDs); no statement looks a
-- row up by id alone.
CREATE TABLE executions (LIKE executions_legacy INCLUDING DEFAULTS) PARTITION BY RANGE (scheduled_at);
CREATE UNIQUE INDEX executions_claim_key ON executions (job_id, scheduled_at);
CREATE INDEX executions_recent_idx ON executions (scheduled_at DESC);
CREATE INDEX executions_trouble_idx ON executions (status, scheduled_at DESC)
    WHERE status IN ('FAILED', 'SKIPPED', 'MISSED', 'CLAIMED', 'RUNNING');

-- Rows outside every time partition (a manual fire or a replayed second older than the oldest partition) land
-- here rather than fail; it stays small, and retention deletes its old rows the way it used to.
CREATE TABLE executions_default PARTITION OF executions DEFAULT;

DO $$
DECLARE
    cutoff timestamptz;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM executions_legacy) THEN
        DROP TABLE executions_legacy;
        RETURN;
    END IF;
    SELECT date_trunc('hour', greatest(now(), max(scheduled_at))) + interval '1 hour'
    INTO cutoff FROM executions_legacy;
    EXECUTE format('ALTER TABLE executions ATTACH PARTITION executions_legacy FOR VALUES FROM (MINVALUE) TO (%L)',
                   cutoff);
END $$;
