#!/usr/bin/env bash
# Benchmarks/ab.sh — an old and a new `runkit` binary on the same commands, alternated run by run
# (old, new, old, new, …) so that the noise of a shared 2-core VM falls on both alike. Prints, per
# case, the median wall time of each binary and the ratio new/old (< 1: the new one is faster).
#
#   Benchmarks/ab.sh OLD_BINARY NEW_BINARY [--runs N] [--repeat R] [--cache DIR]
#
#   --runs N     runs of the synthetic stores (default 10000; made by generate_stores.py when missing)
#   --repeat R   timed runs of each binary per case, after one warm-up of each (default 7)
#   --cache DIR  where the stores live (default ${XDG_CACHE_HOME:-~/.cache}/runkit-bench)
#
# Both binaries must read the stores with the same answer: each case's stdout is compared once,
# and a difference is reported (a speed figure of a different answer means nothing).
# Not a test: nothing here runs under `swift test`.
set -euo pipefail

OLD="$1"; NEW="$2"; shift 2
RUNS=10000
REPEAT=7
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/runkit-bench"
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS="$2"; shift 2 ;;
        --repeat) REPEAT="$2"; shift 2 ;;
        --cache) CACHE="$2"; shift 2 ;;
        *) echo "ab.sh: unknown option $1" >&2; exit 64 ;;
    esac
done
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STORES="$CACHE/n$RUNS"
for kind in sqlite file mlxp; do
    [ -f "$STORES/$kind.json" ] || python3 "$HERE/generate_stores.py" --runs "$RUNS" --kind "$kind" --out "$STORES" >&2
done

SQLITE="$STORES/sqlite"; FILE="$STORES/file/mlruns"; MLXP="$STORES/mlxp"
RUN_ID=$("$NEW" list "$SQLITE" --columns run_id --format csv --limit 1 2>/dev/null | tail -1)
CASES=(
    "sqlite: list (full load, jsonl)|list $SQLITE --format jsonl"
    "sqlite: --where metric and param|list $SQLITE --where \"metrics.loss < 0.5 and params.seed = '3'\" --format csv"
    "sqlite: group by two params, mean/std of a metric|group $SQLITE --by params.model.type,params.optimizer.lr --agg 'mean(metrics.loss)' --agg 'std(metrics.loss)' --format csv"
    "sqlite: show one run with its history|show $RUN_ID $SQLITE"
    "file: list (full load, jsonl)|list $FILE --format jsonl"
    "mlxp: list (full load, jsonl)|list $MLXP --format jsonl"
)

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f", m/1e6}'; }

printf '%-48s %10s %10s %9s\n' case "old ms" "new ms" "new/old"
for entry in "${CASES[@]}"; do
    name="${entry%%|*}"; command="${entry#*|}"
    old_out=$(eval "\"$OLD\" $command" 2>/dev/null | md5sum) || true
    new_out=$(eval "\"$NEW\" $command" 2>/dev/null | md5sum) || true
    same=""; [ "$old_out" = "$new_out" ] || same="  (answers differ)"
    old_times=(); new_times=()
    for ((i = 0; i < REPEAT; i++)); do
        t0=$(now); eval "\"$OLD\" $command" > /dev/null 2>&1 || true; t1=$(now)
        eval "\"$NEW\" $command" > /dev/null 2>&1 || true; t2=$(now)
        old_times+=($((t1 - t0))); new_times+=($((t2 - t1)))
    done
    o=$(printf '%s\n' "${old_times[@]}" | median); n=$(printf '%s\n' "${new_times[@]}" | median)
    printf '%-48s %10s %10s %9s%s\n' "$name" "$o" "$n" "$(awk -v o="$o" -v n="$n" 'BEGIN {printf "%.2f", n/o}')" "$same"
done
