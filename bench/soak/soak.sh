#!/usr/bin/env bash
# The hour-long soak: the throughput driver at the defaults, with a short execution retention so partitions are
# created and dropped during the run, and a sampler beside it that records, once a minute, what the issue asks the
# database to stay flat on: the executions table's size and partitions, dead tuples, checkpoints, autovacuum runs,
# the engine's heap, and whether every row of the minute before last was written (one final row per job-second).
#
#   bench/soak/soak.sh [minutes] [retention] [partition interval] [jobs]     (defaults: 60 15m 5m 10000)
#
# Writes bench/results/<stamp>-soak/: the driver's report, soak.csv (one line per minute) and soak.md (the summary).
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes=${1:-60}
retention=${2:-15m}
interval=${3:-5m}
jobs=${4:-10000}
db_url=postgresql://postgres@127.0.0.1:5432/cronwheel_bench
psql_db() { psql -X -q -A -t -h 127.0.0.1 -U postgres -d cronwheel_bench -c "$1" 2>/dev/null || true; }

java -cp bench/target/cronwheel-bench.jar io.cronwheel.bench.Throughput --jobs "$jobs" --warmup 30 \
  --duration $((minutes * 60)) --receiver-port 19999 --receiver-event-loops 2 --db-count-interval 0 \
  --engine-env CRONWHEEL_EXECUTION_RETENTION="$retention" \
  --engine-env CRONWHEEL_EXECUTION_PARTITION_INTERVAL="$interval" > /tmp/soak-driver.log 2>&1 &
driver=$!

# Wait for the run directory and the engine.
for _ in $(seq 1 120); do
  dir=$(ls -dt bench/results/*-throughput 2>/dev/null | head -1)
  [ -n "$dir" ] && [ "$(stat -c %Y "$dir")" -ge $(( $(date +%s) - 300 )) ] && break
  sleep 1
done
csv="$dir/soak.csv"
echo "minute,at,partitions,executions_bytes,live_tuples,dead_tuples,checkpoints,autovacuums,engine_heap_mb,rows_expected,rows_final,rows_unfinished" > "$csv"
started=$(date +%s)
minute=0
while kill -0 "$driver" 2>/dev/null; do
  sleep 60
  minute=$((minute + 1))
  now=$(date +%s)
  # The minute before last: its records are written (batches are flushed within seconds).
  from=$(( (now / 60 - 2) * 60 ))
  stats=$(psql_db "SELECT count(*) - 1, coalesce(sum(pg_total_relation_size(relid)), 0), coalesce(sum(s.n_live_tup), 0), coalesce(sum(s.n_dead_tup), 0), coalesce(sum(s.autovacuum_count), 0) FROM pg_partition_tree('executions') t LEFT JOIN pg_stat_user_tables s USING (relid) WHERE t.isleaf")
  ckpt=$(psql_db "SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter")
  rows=$(psql_db "SELECT count(*) FILTER (WHERE status NOT IN ('CLAIMED','RUNNING')), count(*) FILTER (WHERE status IN ('CLAIMED','RUNNING')) FROM executions WHERE scheduled_at >= to_timestamp($from) AND scheduled_at < to_timestamp($from + 60)")
  heap=$(curl -s --max-time 5 http://127.0.0.1:8080/metrics | awk '/^jvm_memory_used_bytes\{area="heap"/ {s += $2} END {printf "%.0f", s / 1048576}')
  IFS='|' read -r parts bytes live dead avac <<< "${stats:-||||}"
  IFS='|' read -r final unfinished <<< "${rows:-|}"
  echo "$minute,$(date -u -d @"$now" +%H:%M:%S),$parts,$bytes,$live,$dead,$ckpt,$avac,$heap,$((jobs * 60)),$final,$unfinished" >> "$csv"
  [ $(( now - started )) -gt $(( minutes * 60 + 600 )) ] && break
done
wait "$driver" || true
python3 bench/soak/summarize.py "$dir" "$jobs" "$retention" "$interval" "$minutes"
echo "soak report: $dir/soak.md"
