#!/usr/bin/env bash
# Benchmarks/analyses.sh — issue 21 on a large store: a history reduction in --where and
# --columns beside the same question on the latest value (its floor: the same command without
# histories), and Parquet export beside CSV export (its peer) of the runs and of the histories.
#
#   Benchmarks/analyses.sh [--runs N] [--kind sqlite|file|mlxp] [--repeat R] [--cache DIR]
#                          [--scratch-path DIR] [--no-build]
#
#   --runs N            runs in the synthetic store (default 10000)
#   --kind K            which store (default sqlite)
#   --repeat R          runs per case; median, min and max are reported (default 5)
#   --cache DIR         where generated stores live (shared with run.sh, query.sh, group.sh)
#   --scratch-path DIR  SwiftPM scratch path for the release build
#   --no-build          use the already built release binary
#
# Not a test: nothing here runs under `swift test`.
set -euo pipefail

RUNS=10000
KIND=sqlite
REPEAT=5
SCRIPT=analyses.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; }
take_own_option() { return 1; }
setup_benchmark "$@"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

metric=loss
[ "$KIND" = mlxp ] && metric=train.loss
CASES=(
    "floor: --where on the latest value|list $STORE --where 'metrics.$metric < 0.5' --columns run_id --format csv"
    "--where on a reduction|list $STORE --where 'min(history.$metric) < 0.5' --columns run_id --format csv"
    "--where on a selective reduction (bound pushed)|list $STORE --where 'max(history.$metric) > 1.97' --columns run_id --format csv"
    "--columns of four reductions|list $STORE --columns 'run_id,min(history.$metric),argmin(history.$metric),last(history.$metric, 3),count(history.$metric)' --format csv"
    "group mean(min(history)) over seeds|group $STORE --by-all-except config.seed --agg 'mean(min(history.$metric))' --agg 'ci95(min(history.$metric))' --agg 'n()' --format csv"
    "peer: export runs as CSV|export $STORE --format csv -o $WORK/runs.csv"
    "export runs as Parquet|export $STORE --format parquet -o $WORK/runs.parquet"
    "peer: export histories as CSV|export $STORE --history --format csv -o $WORK/history.csv"
    "export histories as Parquet|export $STORE --history --format parquet -o $WORK/history.parquet"
)

echo "runkit analyses benchmark: $KIND store of $RUNS runs, median (min–max) of $REPEAT after one warm-up, release build"
echo "machine: $(nproc) cores, $(uname -sm), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for row in "${CASES[@]}"; do
    label="${row%%|*}"
    cmd="\"$BIN\" ${row#*|}"
    timed "$REPEAT" 1 "$cmd" || continue
    size=""
    for file in "$WORK"/*.csv "$WORK"/*.parquet; do [ -f "$file" ] && size="$size $(basename "$file") $(du -k "$file" | cut -f1) KB"; done
    printf '%-40s %8.3f s (%.3f–%.3f)  peak %s%s\n' "$label" "$T_MED" "$T_MIN" "$T_MAX" "$RSS_MB" "${size:+ ;$size}"
    rm -f "$WORK"/*.csv "$WORK"/*.parquet
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
