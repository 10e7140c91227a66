-- PostgreSQL settings the benchmarks were run with (apply with:
--   psql -h 127.0.0.1 -U postgres -f bench/postgresql-tuning.sql && pg_ctlcluster 15 main restart
-- ). Stock PostgreSQL ships for a small machine: 128 MB of shared buffers and 1 GB of WAL between checkpoints.
-- At tens of thousands of rows per second that means a forced checkpoint every few seconds (each followed by
-- full-page images in the WAL) and backends evicting dirty pages themselves. These are the usual settings for a
-- write-heavy server with this much memory; every scheduler in the side-by-side runs against the same server.
ALTER SYSTEM SET shared_buffers = '4GB';
ALTER SYSTEM SET max_wal_size = '16GB';
ALTER SYSTEM SET min_wal_size = '2GB';
ALTER SYSTEM SET checkpoint_timeout = '15min';
ALTER SYSTEM SET checkpoint_completion_target = 0.9;
ALTER SYSTEM SET wal_buffers = '64MB';
ALTER SYSTEM SET effective_cache_size = '12GB';
