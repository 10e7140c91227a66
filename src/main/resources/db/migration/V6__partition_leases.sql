-- Several engines share one database: each partition is fired by the node holding its lease. PostgreSQL is the only
-- coordinator, and its clock the only clock leases are judged by (now()).

-- The nodes: a node is live while its heartbeat is younger than the lease TTL. A graceful stop deletes its row.
CREATE TABLE engine_nodes (
    node_id       text        PRIMARY KEY,
    address       text        NOT NULL,
    started_at    timestamptz NOT NULL,
    heartbeat_at  timestamptz NOT NULL
);

-- One row per partition, created by the first engine that starts. A lease is taken with a compare-and-set that bumps
-- epoch (the fencing token); it is held while expires_at is ahead of the database's now(). owner is null when free.
CREATE TABLE partition_leases (
    partition   integer     PRIMARY KEY,
    owner       text,
    epoch       bigint      NOT NULL DEFAULT 0,
    expires_at  timestamptz NOT NULL DEFAULT '-infinity'
);
CREATE INDEX partition_leases_owner_idx ON partition_leases (owner);

-- The epoch a claim was made under: which lease holder claimed the second.
ALTER TABLE executions ADD COLUMN epoch bigint;

-- Job changes reach the owning node: every insert or update takes the next change_seq, and every statement that
-- changes jobs notifies the channel cronwheel_jobs (an empty payload, so a transaction inserting 1,000 jobs sends
-- one notification: PostgreSQL folds identical ones). Nodes read what changed by change_seq, also after a reconnect.
CREATE SEQUENCE jobs_change_seq;
ALTER TABLE jobs ADD COLUMN change_seq bigint NOT NULL DEFAULT 0;
CREATE INDEX jobs_change_seq_idx ON jobs (change_seq);

CREATE FUNCTION jobs_stamp_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.change_seq := nextval('jobs_change_seq');
    RETURN NEW;
END $$;

CREATE FUNCTION jobs_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('cronwheel_jobs', '');
    RETURN NULL;
END $$;

CREATE TRIGGER jobs_stamp_change BEFORE INSERT OR UPDATE ON jobs FOR EACH ROW EXECUTE FUNCTION jobs_stamp_change();
CREATE TRIGGER jobs_notify_change AFTER INSERT OR UPDATE ON jobs FOR EACH STATEMENT EXECUTE FUNCTION jobs_notify_change();
