-- Each job's partition, stamped by the engine (its hash of the job id) so that a partition can load its own jobs,
-- alone, when it starts or is taken over. Filled in for existing rows at start-up (see PartitionLayout), which is
-- also where the partition count is kept: engine_settings key 'partitions'.
ALTER TABLE jobs ADD COLUMN partition integer;
CREATE INDEX jobs_partition_scheduled_idx ON jobs (partition, id) WHERE active AND deleted_at IS NULL;
DROP INDEX jobs_scheduled_idx;
