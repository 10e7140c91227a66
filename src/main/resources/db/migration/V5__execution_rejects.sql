-- Execution records PostgreSQL refused on their own (a data error such as a NUL in a text): the batch writer splits
-- a refused batch until the rows at fault are alone, writes every other row, and sets each of these aside here with
-- the error, so one bad row never stops the others. payload is the record as the engine had it (NUL characters
-- appear as the six characters \u0000). The executions row keeps its last written state (usually CLAIMED or RUNNING).
-- The keys may be null: a refused record may be refused for lacking one.
CREATE TABLE execution_rejects (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    execution_id  uuid,
    job_id        uuid,
    scheduled_at  timestamptz,
    payload       jsonb       NOT NULL,
    sqlstate      text,
    error         text        NOT NULL,
    rejected_at   timestamptz NOT NULL
);
-- Listed newest first by id (GET /api/v1/executions/rejects): the primary key serves.
