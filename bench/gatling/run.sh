#!/usr/bin/env bash
# REST API load test of cronwheel with Gatling, end to end (bench/README.md, section 4):
#   PostgreSQL check -> fresh database -> engine jar -> Gatling simulation -> SIGTERM -> report.md + api-load.png
# in bench/results/<UTC timestamp>-gatling/. Run from anywhere; paths are relative to the repository root.
#
#   bench/gatling/run.sh                                   # 100,000 jobs, 16 virtual users
#   bench/gatling/run.sh --jobs 2000 --results bench/results/tmp   # a quick check (about a minute)
#
# Every step is bounded in time; the engine and the sampler are stopped whatever happens.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
GATLING_DIR="$ROOT/bench/gatling"
COMMAND="bench/gatling/run.sh$(printf ' %q' "$@")"

JOBS=100000
CONCURRENCY=16
ENGINE_PORT=8080
DB_URL="postgresql://postgres@127.0.0.1:5432/postgres"
DB_NAME=cronwheel_gatling
ENGINE_JAR=target/cronwheel.jar
ENGINE_JVM="-Xmx2g"
RESULTS=bench/results
TIMEOUT_S=3600
KEEP_DB=false
SIM_PROPS=()

usage() {
  cat <<'EOF'
Usage: bench/gatling/run.sh [options] [-Dname=value ...]

  --jobs N            jobs to create, read and patch (100000)
  --concurrency N     virtual users in every phase (16)
  --engine-port P     the engine's API port on 127.0.0.1 (8080); must be free
  --db-url URL        PostgreSQL server, as postgresql://user[:password]@host:port/postgres
                      (postgresql://postgres@127.0.0.1:5432/postgres)
  --db-name NAME      database to DROP and re-create for the run (cronwheel_gatling)
  --engine-jar PATH   the engine (target/cronwheel.jar; build it with: mvn -B package -DskipTests)
  --engine-jvm OPTS   the engine's JVM options (-Xmx2g)
  --results DIR       where the run's folder goes (bench/results; bench/results/tmp is ignored by git)
  --timeout S         upper bound for the simulation in seconds (3600)
  --keep-db           keep the database after the run (by default it is dropped at the end)
  -Dname=value        passed to the simulation: warmUpSeconds, reads, patches, pageSize, listWalkers,
                      staleProbeEvery, runTag, bulkJobs (a last phase registering that many more jobs
                      through POST /api/v1/jobs/bulk, 1,000 a request; 0 = none), bulkConcurrency (4)
EOF
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --jobs) JOBS=$2; shift 2 ;;
    --concurrency) CONCURRENCY=$2; shift 2 ;;
    --engine-port) ENGINE_PORT=$2; shift 2 ;;
    --db-url) DB_URL=$2; shift 2 ;;
    --db-name) DB_NAME=$2; shift 2 ;;
    --engine-jar) ENGINE_JAR=$2; shift 2 ;;
    --engine-jvm) ENGINE_JVM=$2; shift 2 ;;
    --results) RESULTS=$2; shift 2 ;;
    --timeout) TIMEOUT_S=$2; shift 2 ;;
    --keep-db) KEEP_DB=true; shift ;;
    -D*=*) SIM_PROPS+=("$1"); shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done

RUN_DIR=""
log() {
  local line; line="$(date -u '+%Y-%m-%d %H:%M:%SZ') $*"
  echo "$line"
  [[ -z "$RUN_DIR" ]] || echo "$line" >>"$RUN_DIR/driver.log"
}
die() { log "ERROR: $*"; exit 1; }

cd "$ROOT"
[[ "$DB_NAME" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || die "--db-name must be a plain lower-case identifier: $DB_NAME"
[[ "$DB_URL" =~ ^postgres(ql)?://[^/]+/[^/?]+$ ]] || die "--db-url must look like postgresql://user@host:port/postgres"
[[ -f "$ENGINE_JAR" ]] \
  || die "no engine jar at $ENGINE_JAR: build it in the repository root with mvn -B package -DskipTests"
if (exec 3<>"/dev/tcp/127.0.0.1/$ENGINE_PORT") 2>/dev/null; then
  die "port $ENGINE_PORT is taken: is another engine running? (--engine-port)"
fi
ENGINE_DB_URL="${DB_URL%/*}/$DB_NAME"
STARTED_AT=$(date -u '+%Y-%m-%d %H:%M:%SZ')
LOAD_AT_START=$(cat /proc/loadavg)
RUN_DIR="$ROOT/$RESULTS/$(date -u +%Y%m%d-%H%M%S)-gatling"
mkdir -p "$RUN_DIR"
log "run directory $RUN_DIR"

# --- Build the simulation and the report tool first, so a broken build fails before anything starts. ---
log "building bench/gatling (first time: Maven downloads Gatling)"
(cd "$GATLING_DIR" && mvn -B -q test-compile dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile=target/report-classpath.txt) >>"$RUN_DIR/build.log" 2>&1 \
  || die "build failed, see $RUN_DIR/build.log"
rm -f "$RUN_DIR/build.log"

# --- PostgreSQL: start the local cluster if it does not answer, then a fresh database. ---
pg_answers() { psql "$DB_URL" -Atqc 'SELECT 1' >/dev/null 2>&1; }
if ! pg_answers; then
  [[ "$DB_URL" =~ @(127\.0\.0\.1|localhost)(:|/) ]] || die "PostgreSQL at $DB_URL does not answer"
  pg_port=$(sed -E 's|.*:([0-9]+)/.*|\1|' <<<"$DB_URL"); [[ "$pg_port" =~ ^[0-9]+$ ]] || pg_port=5432
  cluster=$(pg_lsclusters -h 2>/dev/null | awk -v p="$pg_port" '$3 == p {print $1, $2; exit}')
  log "PostgreSQL does not answer; pg_ctlcluster ${cluster:-15 main} start"
  # Without our descriptors above 2: the server would hold them for its lifetime (e.g. a caller's flock file).
  (for fd in $(ls "/proc/$BASHPID/fd"); do [[ $fd -gt 2 ]] && eval "exec $fd>&-"; done
   # shellcheck disable=SC2086 # "version name", two words
   exec timeout 60 pg_ctlcluster ${cluster:-15 main} start) || true
  for _ in $(seq 1 30); do pg_answers && break; sleep 1; done
  pg_answers || die "PostgreSQL at $DB_URL still does not answer"
fi
psql "$DB_URL" -qX -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $DB_NAME" -c "CREATE DATABASE $DB_NAME" \
  >>"$RUN_DIR/driver.log" 2>&1 || die "could not re-create database $DB_NAME"
log "database $DB_NAME re-created"

# --- The engine, with only the CRONWHEEL_* variables set here (none leak in from the caller's shell). ---
ENGINE_PID=""
SAMPLER_PID=""
GATLING_ROOT_PID=""
cleanup() {
  [[ -n "$SAMPLER_PID" ]] && kill "$SAMPLER_PID" 2>/dev/null || true
  # timeout(1) runs Maven in a process group of its own (its pid): this also ends the forked Gatling JVM.
  [[ -n "$GATLING_ROOT_PID" ]] && kill -TERM -- "-$GATLING_ROOT_PID" 2>/dev/null || true
  if [[ -n "$ENGINE_PID" ]] && kill -0 "$ENGINE_PID" 2>/dev/null; then
    kill -TERM "$ENGINE_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$ENGINE_PID" 2>/dev/null || break; sleep 1; done
    kill -KILL "$ENGINE_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT
mapfile -t inherited < <(env | grep -o '^CRONWHEEL_[A-Za-z0-9_]*' || true)
unset_args=(); for v in "${inherited[@]}"; do unset_args+=(-u "$v"); done
# A fresh admin token per run, handed to the simulation: the API needs one. A secret key too: the jobs carry
# Authorization headers, which the engine then stores encrypted, as a production install would.
ENGINE_TOKEN="cwt_gatling-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
ENGINE_SECRET_KEY="$(head -c 32 /dev/urandom | base64)"
# shellcheck disable=SC2086 # ENGINE_JVM holds several options
env "${unset_args[@]}" CRONWHEEL_DB_URL="$ENGINE_DB_URL" CRONWHEEL_HTTP_HOST=127.0.0.1 \
  CRONWHEEL_HTTP_PORT="$ENGINE_PORT" CRONWHEEL_ADMIN_TOKEN="$ENGINE_TOKEN" \
  CRONWHEEL_SECRET_KEY="$ENGINE_SECRET_KEY" java $ENGINE_JVM -jar "$ENGINE_JAR" >"$RUN_DIR/engine.log" 2>&1 &
ENGINE_PID=$!
log "engine started (pid $ENGINE_PID), waiting for /health/ready"
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$ENGINE_PORT/health/ready" >/dev/null 2>&1 && break
  kill -0 "$ENGINE_PID" 2>/dev/null || die "the engine exited, see $RUN_DIR/engine.log"
  sleep 0.5
done
curl -sf "http://127.0.0.1:$ENGINE_PORT/health/ready" >/dev/null || die "the engine is not ready after 60 s"

# --- Once a second: CPU ticks of the engine, PostgreSQL and the Gatling processes, the machine's, engine RSS. ---
# PostgreSQL's CPU = the postmaster (with its exited children) + its live children; it is the parent of the
# engine's backends, which /proc shows to any user.
backend=$(psql "$ENGINE_DB_URL" -AtqXc "SELECT pid FROM pg_stat_activity WHERE datname = current_database() \
  AND pid <> pg_backend_pid() LIMIT 1" 2>/dev/null || true)
POSTMASTER_PID=$(awk '{sub(/^[0-9]+ \(.*\) /, ""); print $2}' "/proc/${backend:-0}/stat" 2>/dev/null || echo 0)
sample() { # prints: epoch_ms engine_ticks engine_rss_kb pg_ticks gatling_ticks machine_busy machine_total
  local now; now=$(date +%s%3N)
  awk -v now="$now" -v engine="$ENGINE_PID" -v pm="$POSTMASTER_PID" -v root="${GATLING_ROOT_PID:-0}" '
    FILENAME == "/proc/stat" { if ($1 == "cpu") { total = 0; for (i = 2; i <= NF; i++) total += $i;
        busy = total - $5 - $6 } nextfile }
    FILENAME ~ /status$/ { if ($1 == "VmRSS:") rss = $2; next }
    { pid = $1; sub(/^[0-9]+ \(.*\) /, ""); ppid[pid] = $2; own[pid] = $12 + $13; dead[pid] = $14 + $15 }
    END {
      pg = own[pm] + dead[pm]
      for (p in ppid) if (ppid[p] == pm) pg += own[p]
      # the Maven process and everything under it: the forked Gatling JVM
      for (p in ppid) {
        q = p
        for (d = 0; d < 8 && q != 0 && q != ""; d++) { if (q == root) { gat += own[p]; break } q = ppid[q] }
      }
      printf "%s %d %d %d %d %d %d\n", now, own[engine], rss, pg, gat, busy, total
    }' /proc/stat "/proc/$ENGINE_PID/status" /proc/[0-9]*/stat 2>/dev/null || true
}
echo "epoch_ms engine_ticks engine_rss_kb pg_ticks gatling_ticks machine_busy_ticks machine_total_ticks" \
  >"$RUN_DIR/samples.txt"

# --- The simulation, bounded by --timeout. Its exit code is 0, or non-zero if a request failed. ---
log "Gatling: $JOBS jobs, $CONCURRENCY virtual users (progress in $RUN_DIR/gatling.log)"
(cd "$GATLING_DIR" && exec timeout "$TIMEOUT_S" mvn -B gatling:test \
  -DbaseUrl="http://127.0.0.1:$ENGINE_PORT" -Dtoken="$ENGINE_TOKEN" -Djobs="$JOBS" -Dconcurrency="$CONCURRENCY" \
  -DphasesFile="$RUN_DIR/phases.json" -Dgatling.resultsFolder="$RUN_DIR/gatling-html" \
  "${SIM_PROPS[@]}") >"$RUN_DIR/gatling.log" 2>&1 &
GATLING_ROOT_PID=$!
# With autovacuum off (as on some CI servers), nothing would ever ANALYZE the freshly filled jobs table and the
# planner would keep its empty-table estimates: the list queries then sort the whole table on every page. So the
# driver does what autovacuum's analyze would do on a default server, once a minute.
AUTOVACUUM=$(psql "$ENGINE_DB_URL" -AtqXc "SHOW autovacuum" 2>/dev/null || echo "?")
sample_loop() {
  local seconds=0
  while kill -0 "$GATLING_ROOT_PID" 2>/dev/null; do
    sample >>"$RUN_DIR/samples.txt"
    seconds=$((seconds + 1))
    if [[ "$AUTOVACUUM" == off && $((seconds % 60)) -eq 0 ]]; then
      psql "$ENGINE_DB_URL" -qXc "ANALYZE jobs" >/dev/null 2>&1 && log "autovacuum is off: ran ANALYZE jobs"
    fi
    sleep 1
  done
}
sample_loop &
SAMPLER_PID=$!
set +e
wait "$GATLING_ROOT_PID"
GATLING_EXIT=$?
set -e
GATLING_ROOT_PID=""
wait "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=""
log "Gatling exited with $GATLING_EXIT"

# --- What the database holds after the run; then stop the engine as an operator would. ---
q() { psql "$ENGINE_DB_URL" -AtqXc "$1" 2>/dev/null || echo "?"; }
JOBS_ROWS=$(q "SELECT count(*) FROM jobs WHERE deleted_at IS NULL")
DELETED_ROWS=$(q "SELECT count(*) FROM jobs WHERE deleted_at IS NOT NULL")
PAUSED_ROWS=$(q "SELECT count(*) FROM jobs WHERE NOT active AND deleted_at IS NULL")
VERSION2_ROWS=$(q "SELECT count(*) FROM jobs WHERE version = 2")
EXECUTION_ROWS=$(q "SELECT count(*) FROM executions")
ENGINE_HWM_KB=$(awk '$1 == "VmHWM:" {print $2}' "/proc/$ENGINE_PID/status" 2>/dev/null || echo "")
kill -TERM "$ENGINE_PID"
ENGINE_EXIT="?"
for _ in $(seq 1 60); do kill -0 "$ENGINE_PID" 2>/dev/null || break; sleep 1; done
if kill -0 "$ENGINE_PID" 2>/dev/null; then
  kill -KILL "$ENGINE_PID"; ENGINE_EXIT="killed after 60 s"
else
  set +e; wait "$ENGINE_PID"; ENGINE_EXIT=$?; set -e
fi
ENGINE_PID=""
log "engine stopped ($ENGINE_EXIT)"

# --- The report: run facts the report tool cannot see for itself, then report.md and api-load.png. ---
GATLING_HTML=$(find "$RUN_DIR/gatling-html" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | head -1)
{
  echo "startedAt=$STARTED_AT"
  echo "command=$COMMAND"
  echo "workingDirectory=$ROOT"
  jar_built=$(date -u -r "$ENGINE_JAR" '+%Y-%m-%d %H:%M:%SZ')
  echo "engineJar=$ENGINE_JAR ($(du -k "$ENGINE_JAR" | cut -f1) KiB, built $jar_built)"
  echo "engineJvm=$ENGINE_JVM"
  echo "engineDbUrl=$ENGINE_DB_URL"
  echo "engineExit=$ENGINE_EXIT"
  echo "engineRssPeakKb=$ENGINE_HWM_KB"
  echo "loadAverageAtStart=$LOAD_AT_START"
  echo "postgresVersion=$(q 'SELECT version()')"
  echo "postgresSettings=$(q "SELECT string_agg(name || '=' || setting || coalesce(unit, ''), ', ' ORDER BY name)
    FROM pg_settings WHERE name IN ('shared_buffers', 'synchronous_commit', 'fsync', 'max_connections',
    'wal_level', 'commit_delay', 'autovacuum')")"
  echo "analyzeRuns=$(grep -c 'ran ANALYZE jobs' "$RUN_DIR/driver.log" || true)"
  echo "gatlingExit=$GATLING_EXIT"
  echo "gatlingHtml=${GATLING_HTML#"$ROOT"/}"
  echo "jobsRows=$JOBS_ROWS"
  echo "deletedRows=$DELETED_ROWS"
  echo "pausedRows=$PAUSED_ROWS"
  echo "version2Rows=$VERSION2_ROWS"
  echo "executionRows=$EXECUTION_ROWS"
  echo "engineWarnLines=$(grep -c ' WARN ' "$RUN_DIR/engine.log" || true)"
  echo "engineErrorLines=$(grep -c ' ERROR ' "$RUN_DIR/engine.log" || true)"
} >"$RUN_DIR/run-info.properties"
[[ -n "$GATLING_HTML" ]] || die "Gatling wrote no report, see $RUN_DIR/gatling.log"
java -cp "$GATLING_DIR/target/classes:$(cat "$GATLING_DIR/target/report-classpath.txt")" \
  io.cronwheel.bench.gatling.ApiLoadReport "$RUN_DIR" "$GATLING_HTML" | tee -a "$RUN_DIR/driver.log"
log "report: ${RUN_DIR#"$ROOT"/}/report.md (Gatling's HTML report: ${GATLING_HTML#"$ROOT"/}/index.html)"
if [[ "$KEEP_DB" == false ]]; then
  psql "$DB_URL" -qX -c "DROP DATABASE IF EXISTS $DB_NAME" >>"$RUN_DIR/driver.log" 2>&1 || true
fi
exit "$GATLING_EXIT"
