#!/usr/bin/env bash
# Benchmarks/remote.sh — RunKit reading an MLflow tracking server over REST (and MLflow's
# PostgreSQL backend directly, when the build has it) against MLflow's own client on the same
# server, as issue 19 asks: `runkit list URL --format jsonl` vs `mlflow.search_runs`, a filtered
# query vs `search_runs(filter_string=…)`. Whole processes are timed (imports included); the
# Python peer's in-process time is printed beside it.
#
#   Benchmarks/remote.sh [--runs N] [--repeat R] [--cache DIR] [--scratch-path DIR] [--no-build]
#
#   --runs N            runs in the synthetic SQLite store served (default 10000)
#   --repeat R          timed runs of each command; the median is reported (default 3)
#   --cache, --scratch-path, --no-build   as in run.sh (common.sh)
#
# Starts `mlflow server` (the test venv's mlflow==3.17.2, --workers 2) over a copy of the store on
# a free port of 127.0.0.1, and, when scripts/mlflow-server.sh's PostgreSQL runs, one on a copy of
# the store's rows in PostgreSQL (Benchmarks/remote_pg_copy.py); stops them at exit.
# Not a test: nothing here runs under `swift test`.
set -euo pipefail

RUNS=10000
KIND=sqlite
REPEAT=3
SCRIPT=remote.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; }
take_own_option() { return 1; }
setup_benchmark "$@"

VENV="${XDG_CACHE_HOME:-$HOME/.cache}/runkit-test/venv"
PY="$VENV/bin/python"
"$PY" -c "import mlflow, psycopg2" 2>/dev/null || { say "$SCRIPT: no test venv with mlflow and psycopg2: run scripts/mlflow-server.sh start first"; exit 1; }
WORK="$(mktemp -d /tmp/runkit-remote-bench.XXXXXX)"
PIDS=()
DROP_DB=()   # the command that drops the benchmark's PostgreSQL database, once its server is stopped
cleanup() {
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    if [ ${#DROP_DB[@]} -gt 0 ]; then sleep 2; "${DROP_DB[@]}" > /dev/null 2>&1 || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# serve BACKEND_URI: an mlflow server in the background; sets URL.
serve() {
    local port
    port="$(free_port)"
    "$VENV/bin/mlflow" server --backend-store-uri "$1" --host 127.0.0.1 --port "$port" --workers 2 >"$WORK/server-$port.log" 2>&1 &
    PIDS+=($!)
    URL="http://127.0.0.1:$port"
    for _ in $(seq 120); do curl -sf "$URL/health" >/dev/null && return 0; sleep 1; done
    say "$SCRIPT: the server on $1 did not start"; tail -5 "$WORK/server-$port.log" >&2; exit 1
}

cp "$STORE/mlflow.db" "$WORK/mlflow.db"
# The store's artifacts (configs) stay where they are: the runs' artifact URIs name them, and
# RunKit reads a local artifact folder that exists directly (docs/remote.md).
serve "sqlite:///$WORK/mlflow.db"
SQLITE_URL="$URL"
FILTER="metrics.loss < 0.5 and params.seed = '3'"

row() {   # LABEL CMD: time CMD; print median (min-max), peak RSS, the peer's in-process time if any
    timed "$REPEAT" 1 "$2" || return 0
    local inproc=""
    [ "$OP_MED" != "-" ] && inproc="  (in-process op $(printf '%.3f' "$OP_MED") s)"
    printf '%-58s %7.3f s  (%.3f-%.3f)  %s%s\n' "$1" "$T_MED" "$T_MIN" "$T_MAX" "$RSS_MB" "$inproc"
    echo "      $2"
}

echo "== $RUNS runs, mlflow server (SQLite backend, 2 workers) at $SQLITE_URL; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
row "runkit list URL --format jsonl" "$BIN list $SQLITE_URL --format jsonl > /dev/null"
row "mlflow.search_runs (all experiments)" "$PY $HERE/python_peers.py mlflow $SQLITE_URL"
row "runkit list URL --where \"$FILTER\"" "$BIN list $SQLITE_URL --format jsonl --where $(q "$FILTER") > /dev/null"
row "mlflow.search_runs(filter_string=…)" "$PY $HERE/python_peers.py mlflow-filter $SQLITE_URL $(q "$FILTER")"

if POSTGRES_URI="$(cd "$ROOT" && scripts/mlflow-server.sh env | sed -n 's/^export RUNKIT_POSTGRES_URI=//p')" && [ -n "$POSTGRES_URI" ]; then
    BENCH_DB="${POSTGRES_URI%/*}/runkit_bench"
    PGHOSTPORT="$(sed -E 's|.*@([^/]*)/.*|\1|' <<<"$POSTGRES_URI")"
    state="${RUNKIT_MLFLOW_STATE:-/tmp/runkit-mlflow}"
    runuser -u postgres -- psql -h "$state/pg" -p "${PGHOSTPORT##*:}" -U postgres -qc "DROP DATABASE IF EXISTS runkit_bench" -c "CREATE DATABASE runkit_bench OWNER runkit"
    "$VENV/bin/mlflow" db upgrade "postgresql+psycopg2://${BENCH_DB#postgresql://}" >"$WORK/upgrade.log" 2>&1
    "$PY" "$HERE/remote_pg_copy.py" "$WORK/mlflow.db" "$BENCH_DB"
    serve "postgresql+psycopg2://${BENCH_DB#postgresql://}"
    PG_URL="$URL"
    echo "== the same runs in PostgreSQL, mlflow server at $PG_URL"
    row "runkit list URL --format jsonl (PostgreSQL-backed server)" "$BIN list $PG_URL --format jsonl > /dev/null"
    row "mlflow.search_runs (PostgreSQL-backed server)" "$PY $HERE/python_peers.py mlflow $PG_URL"
    if "$BIN" list "$BENCH_DB" --format jsonl --columns run_id >/dev/null 2>&1; then
        row "runkit list postgresql://… --format jsonl (direct)" "$BIN list $BENCH_DB --format jsonl > /dev/null"
        row "runkit list postgresql://… --where (direct)" "$BIN list $BENCH_DB --format jsonl --where $(q "$FILTER") > /dev/null"
    else
        echo "  (this build does not read postgresql:// directly)"
    fi
    DROP_DB=(runuser -u postgres -- psql -h "$state/pg" -p "${PGHOSTPORT##*:}" -U postgres -qc "DROP DATABASE IF EXISTS runkit_bench")
else
    echo "== no PostgreSQL (scripts/mlflow-server.sh start): the PostgreSQL rows are skipped"
fi
