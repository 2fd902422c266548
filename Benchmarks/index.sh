#!/usr/bin/env bash
# Benchmarks/index.sh — what the index (`runkit list --index`) gives on a large store: the first
# load (reads the store and writes the index), then repeated loads of the unchanged store, against
# the same command without the index. The index lives in a fresh temporary RUNKIT_CACHE_DIR.
# Targets (issue 7): a second `runkit list` on an unchanged 100,000-run store under 200 ms; an
# unchanged 10,000-run file store at least 30× faster than mlflow.search_runs (15.2 s → 0.5 s).
#
#   Benchmarks/index.sh [--runs N] [--kind sqlite|file|mlxp] [--repeat R] [--changes C]
#                       [--cache DIR] [--scratch-path DIR] [--no-build]
#
#   --runs N            runs in the synthetic store (default 10000)
#   --kind K            which store (default file)
#   --repeat R          loads per case; the median is reported (default 5)
#   --changes C         also copy the store to a scratch folder, index it, then append a metric
#                       value to C runs and add C new runs (Benchmarks/change_store.py), and time
#                       the refresh; its output is checked against a full load of the copy
#   --cache DIR         where generated stores live (shared with run.sh)
#   --scratch-path DIR  SwiftPM scratch path for the release build
#   --no-build          use the already built release binary
#
# Not a test: nothing here runs under `swift test`.
set -euo pipefail

RUNS=10000
KIND=file
REPEAT=5
SCRIPT=index.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

usage() { sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; }
CHANGES=0
take_own_option() {
    case "$1" in
        --changes) CHANGES="$2"; TAKEN=2 ;;
        *) return 1 ;;
    esac
}
setup_benchmark "$@"

INDEX_DIR="$(mktemp -d "${TMPDIR:-/tmp}/runkit-index-bench.XXXXXX")"
trap 'rm -rf "$INDEX_DIR"' EXIT
export RUNKIT_CACHE_DIR="$INDEX_DIR"

# seconds COMMAND…: wall-clock seconds of one run, output discarded.
seconds() {
    local start end
    start="$(date +%s%N)"
    "$@" >/dev/null 2>&1 || true
    end="$(date +%s%N)"
    awk -v ns="$((end - start))" 'BEGIN { printf "%.4f\n", ns / 1e9 }'
}

# measure LABEL COMMAND…: the median of REPEAT runs, with min and max.
measure() {
    local label="$1"; shift
    local times=()
    for _ in $(seq "$REPEAT"); do times+=("$(seconds "$@")"); done
    local sorted; sorted="$(printf '%s\n' "${times[@]}" | sort -g)"
    printf '%-78s median %7.3f s   min %7.3f   max %7.3f\n' "$label" "$(median_of "${times[@]}")" \
        "$(head -1 <<<"$sorted")" "$(tail -1 <<<"$sorted")"
}

echo "runkit index benchmark: $KIND store of $RUNS runs ($STORE), median of $REPEAT, release build"
echo "machine: $(nproc) cores, $(uname -sm); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-78s %7.3f s\n' "first load with --index (reads the store, writes the index)" \
    "$(seconds "$BIN" list "$STORE" --index --limit 1)"
echo "index file: $(du -h "$INDEX_DIR"/index-* | cut -f1)"
for format in "--limit 1" "--format jsonl"; do
    # shellcheck disable=SC2086
    measure "runkit list $format, no index" "$BIN" list "$STORE" $format
    # shellcheck disable=SC2086
    measure "runkit list $format --index, store unchanged" "$BIN" list "$STORE" $format --index
done
LOSS=metrics.loss; [ "$KIND" = mlxp ] && LOSS=train.loss
measure "runkit list --where … --columns run_id,$LOSS --format csv --index" \
    "$BIN" list "$STORE" --index --where "config.model.type = 'cnn'" --columns "run_id,$LOSS" --format csv

if [ "$CHANGES" -gt 0 ]; then
    COPY="$INDEX_DIR/store"
    echo "copying the store to $COPY for the change test…"
    cp -a "$STORE" "$COPY"
    sleep 3   # files changed in the last 2 s are not trusted to the index
    printf '%-78s %7.3f s\n' "first load of the copy with --index" "$(seconds "$BIN" list "$COPY" --index --limit 1)"
    python3 "$HERE/change_store.py" "$KIND" "$COPY" "$CHANGES"
    sleep 3
    printf '%-78s %7.3f s\n' "refresh after $CHANGES runs got a metric value and $CHANGES new runs were added" \
        "$(seconds "$BIN" list "$COPY" --index --limit 1)"
    measure "runkit list --limit 1 --index on the changed copy, now unchanged" "$BIN" list "$COPY" --index --limit 1
    if cmp -s <("$BIN" list "$COPY" --all --format jsonl 2>&1) <("$BIN" list "$COPY" --all --format jsonl --index 2>&1); then
        echo "indexed output of the changed copy: identical to a full load"
    else
        echo "indexed output of the changed copy: DIFFERS from a full load"
    fi
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
