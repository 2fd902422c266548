#!/usr/bin/env bash
# Benchmarks/group.sh — how long grouping and aggregating take on a large store, measured inside
# `runkit group` (RUNKIT_QUERY_TIMINGS=1 prints "timing: group N runs: X ms" to stderr), so store
# loading is left out. The target: group + aggregate 100,000 loaded runs in under 100 ms.
#
#   Benchmarks/group.sh [--runs N] [--kind sqlite|file|mlxp] [--repeat R] [--cache DIR]
#                       [--scratch-path DIR] [--no-build]
#
#   --runs N            runs in the synthetic store (default 100000)
#   --kind K            which store to generate and group (default sqlite)
#   --repeat R          runs per case; the median is reported (default 5)
#   --cache DIR         where generated stores live (default ${XDG_CACHE_HOME:-~/.cache}/runkit-bench),
#                       shared with run.sh and query.sh
#   --scratch-path DIR  SwiftPM scratch path for the release build (default: SwiftPM's .build)
#   --no-build          use the already built release binary
#
# Not a test: nothing here runs under `swift test`.
set -euo pipefail

RUNS=100000
KIND=sqlite
REPEAT=5
SCRIPT=group.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; }
take_own_option() { return 1; }
setup_benchmark "$@"

# Each case is the arguments of `runkit group`, separated by "|".
if [ "$KIND" = mlxp ]; then
    CASES=(
        "--by|config.model.type|--agg|count()|--agg|mean(train.loss)"
        "--by|config.model.type,config.optimizer.lr|--agg|count()|--agg|mean(train.loss)|--agg|std(train.loss)|--agg|sem(train.loss)|--agg|min(train.loss)|--agg|max(train.loss)"
        "--by|config.model.type,config.optimizer.lr,config.seed|--agg|median(train.loss)|--agg|quantile(train.loss, 0.9)"
    )
else
    CASES=(
        "--by|config.model.type|--agg|count()|--agg|mean(metrics.loss)"
        "--by|config.model.type,config.optimizer.lr|--agg|count()|--agg|mean(metrics.loss)|--agg|std(metrics.loss)|--agg|sem(metrics.loss)|--agg|min(metrics.loss)|--agg|max(metrics.loss)"
        "--by|config.model.type,config.optimizer.lr,config.seed|--agg|median(metrics.loss)|--agg|quantile(metrics.loss, 0.9)"
        "--by|params.seed|--agg|mean(metrics.\`val/acc\`)|--agg|nunique(config.model.type)"
    )
fi

# measure CASE: runs `runkit group STORE ARGS…` REPEAT times, prints the median time and the group count.
measure() {
    local args times=() err groups
    IFS='|' read -ra args <<<"$1"
    for _ in $(seq "$REPEAT"); do
        err="$(RUNKIT_QUERY_TIMINGS=1 "$BIN" group "$STORE" "${args[@]}" --format jsonl 2>&1 >/dev/null | grep 'timing: group' || true)"
        times+=("$(sed -n 's/.*timing: group [0-9]* runs: \([0-9.]*\) ms/\1/p' <<<"$err")")
    done
    groups="$("$BIN" group "$STORE" "${args[@]}" --format jsonl 2>/dev/null | wc -l)"
    printf '%-150s %8.3f ms   (%s groups)\n' "${args[*]}" "$(median_of "${times[@]}")" "$groups"
}

loaded="$("$BIN" group "$STORE" --format jsonl 2>/dev/null | sed -n 's/.*"count()":\([0-9]*\).*/\1/p')"
echo "runkit group benchmark: $KIND store, $loaded active runs loaded ($RUNS generated), median of $REPEAT, release build"
echo "machine: $(nproc) cores, $(uname -sm)"
for spec in "${CASES[@]}"; do
    measure "$spec"
done
