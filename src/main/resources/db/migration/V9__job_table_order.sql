-- The dashboard's job table pages through 100,000s of jobs by key (after the last row shown), in creation (id) or
-- name order, up or down, optionally of the active or the paused ones only: each of these indexes hands a page over
-- in order without sorting the table. Names are ordered bytewise (COLLATE "C"), the same on every database, which
-- also lets a name-prefix search (LIKE 'abc%') use them whatever the database's collation.
CREATE INDEX jobs_name_bytes_idx ON jobs ((name COLLATE "C"));
CREATE INDEX jobs_state_id_idx ON jobs (active, id) WHERE deleted_at IS NULL;
CREATE INDEX jobs_state_name_idx ON jobs (active, (name COLLATE "C")) WHERE deleted_at IS NULL;
