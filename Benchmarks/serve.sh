#!/usr/bin/env bash
# Benchmarks/serve.sh — `runkit serve` at 10,000 and 100,000 runs: the time to load and serve,
# the p95 latency of a filtered, sorted page of 100 rows and of a group with aggregates (measured
# by Benchmarks/serve_latency.py over one kept-alive connection), the time headless Chromium
# takes to show the page's first rows (Benchmarks/serve_first_page.py, when chromium and selenium
# are there), and the server's memory (peak resident set, VmHWM). Targets (issue 18), at 100,000
# runs: page p95 < 50 ms, group p95 < 100 ms, first page < 1.5 s, memory < 1 GB.
#
#   Benchmarks/serve.sh [--runs N] [--requests R] [--mlflow [--mlflow-requests R] [--mlflow-timeout S]]
#                       [--cache DIR] [--scratch-path DIR] [--no-build]
#
#   --runs N            runs in the synthetic SQLite store (default: both 10000 and 100000)
#   --requests R        requests per measurement (default 200)
#   --mlflow            at 10,000 runs, also ask MLflow's own server (mlflow server, from the
#                       benchmark venv: Benchmarks/python_venv.sh) the page's question, on a copy
#                       of the store (MLflow may migrate the database it opens), as a ratio of p95s;
#                       MLflow takes seconds a request: --mlflow-requests R of them (default 20),
#                       each given --mlflow-timeout S seconds (default 60; a timeout counts as S);
#                       RUNKIT_BENCH_VENV names another venv holding mlflow
#   --cache DIR         where generated stores live (default ${XDG_CACHE_HOME:-~/.cache}/runkit-bench)
#   --scratch-path DIR  SwiftPM scratch path for the release build (default: SwiftPM's .build)
#   --no-build          use the already built release binary
#
# Not a test: nothing here runs under `swift test`.
set -euo pipefail

RUNS=""
KIND=sqlite
REPEAT=1
REQUESTS=200
MLFLOW=0
MLFLOW_REQUESTS=20
MLFLOW_TIMEOUT=60
SCRIPT=serve.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

usage() { sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; }
take_own_option() {
    case "$1" in
        --requests) REQUESTS="$2"; TAKEN=2 ;;
        --mlflow) MLFLOW=1; TAKEN=1 ;;
        --mlflow-requests) MLFLOW_REQUESTS="$2"; TAKEN=2 ;;
        --mlflow-timeout) MLFLOW_TIMEOUT="$2"; TAKEN=2 ;;
        *) return 1 ;;
    esac
}
SIZES=(10000 100000)
for ((i = 1; i <= $#; i++)); do [ "${!i}" = --runs ] && { j=$((i + 1)); SIZES=("${!j}"); }; done
RUNS="${SIZES[0]}"
parse_options "$@"
VENV="${RUNKIT_BENCH_VENV:-$CACHE/venv}"   # where `mlflow` is (Benchmarks/python_venv.sh makes $CACHE/venv)
build_release

server=""
stop_server() { [ -n "$server" ] && kill "$server" 2> /dev/null && wait "$server" 2> /dev/null; server=""; }
trap stop_server EXIT

echo "runkit serve, SQLite store, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for RUNS in "${SIZES[@]}"; do
    ensure_store sqlite
    out="$(mktemp)"
    started=$(date +%s.%N)
    "$BIN" serve "$STORES/sqlite" --port 0 > "$out" 2> /dev/null &
    server=$!
    until [ -s "$out" ]; do sleep 0.05; kill -0 "$server" 2> /dev/null || { echo "$SCRIPT: the server stopped" >&2; exit 1; }; done
    ready=$(date +%s.%N)
    url="$(head -1 "$out")"
    echo "== $RUNS runs: loaded and serving after $(echo "$ready - $started" | bc) s ($url)"
    # The server computes the page's summaries (/api/fields, /api/varying) after loading; measure after.
    curl -s -o /dev/null "${url}api/fields"
    echo "summaries ready after $(echo "$(date +%s.%N) - $started" | bc) s"
    for kind in page page-warm group; do
        line="$(python3 "$HERE/serve_latency.py" "$url" --requests "$REQUESTS" --kind "$kind")"
        echo "$line"
        if [ "$kind" = page ]; then page_p95="$(echo "$line" | sed -n 's/.*p95 \([0-9.]*\) ms.*/\1/p')"; fi
    done
    browser="${RUNKIT_TEST_PYTHON:-$CACHE/../runkit-test/venv/bin/python}"
    if command -v chromium > /dev/null && "$browser" -c "import selenium" 2> /dev/null; then
        "$browser" "$HERE/serve_first_page.py" "$url"
    else
        echo "first page: skipped (needs chromium and a python with selenium: scripts/chromium.sh install PYTHON)"
    fi
    echo "memory: peak resident $(awk '/VmHWM/ {printf "%.0f MB", $2 / 1024}' "/proc/$server/status"), now $(awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$server/status")"
    stop_server
    rm -f "$out"
    if [ "$MLFLOW" = 1 ] && [ "$RUNS" = 10000 ]; then
        copy="$(mktemp -d)"
        cp "$STORES/sqlite/mlflow.db" "$copy/mlflow.db"
        port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        setsid "$VENV/bin/mlflow" server --backend-store-uri "sqlite:///$copy/mlflow.db" --default-artifact-root "$copy/artifacts" \
            --host 127.0.0.1 --port "$port" --workers 1 > "$copy/log" 2>&1 &
        server=$!
        until curl -sf "http://127.0.0.1:$port/health" > /dev/null; do sleep 0.5; kill -0 "$server" 2> /dev/null || { cat "$copy/log" >&2; exit 1; }; done
        echo "== $RUNS runs: MLflow $("$VENV/bin/python" -c 'import mlflow; print(mlflow.__version__)') tracking server (one worker) on a copy"
        line="$(python3 "$HERE/serve_latency.py" "http://127.0.0.1:$port" --requests "$MLFLOW_REQUESTS" --kind mlflow-page --timeout "$MLFLOW_TIMEOUT")"
        echo "$line"
        mlflow_p95="$(echo "$line" | sed -n 's/.*p95 \([0-9.]*\) ms.*/\1/p')"
        echo "ratio: MLflow's runs/search p95 / runkit serve's page p95 = $(echo "scale=1; $mlflow_p95 / $page_p95" | bc)x"
        kill -- -"$server" 2> /dev/null; wait "$server" 2> /dev/null || true; server=""   # its uvicorn workers too
        rm -rf "$copy"
    fi
done
