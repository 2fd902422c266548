#!/usr/bin/env bash
# Benchmarks/query.sh — how long `--where` and `--order-by` take on a large store, measured inside
# `runkit list` (RUNKIT_QUERY_TIMINGS=1 prints parse, filter and order times to stderr), so store
# loading is left out. The target: evaluating a query over 100,000 loaded runs in under 50 ms.
#
#   Benchmarks/query.sh [--runs N] [--kind sqlite|file|mlxp] [--repeat R] [--cache DIR]
#                       [--scratch-path DIR] [--no-build]
#
#   --runs N            runs in the synthetic store (default 100000)
#   --kind K            which store to generate and query (default sqlite)
#   --repeat R          runs per query; the median of each timing is reported (default 5)
#   --cache DIR         where generated stores live (default ${XDG_CACHE_HOME:-~/.cache}/runkit-bench),
#                       shared with run.sh; a store is reused when its manifest says it has N runs
#   --scratch-path DIR  SwiftPM scratch path for the release build (default: SwiftPM's .build)
#   --no-build          use the already built release binary
#
# Not a test: nothing here runs under `swift test`.
set -euo pipefail

RUNS=100000
KIND=sqlite
REPEAT=5
SCRIPT=query.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; }
take_own_option() { return 1; }
setup_benchmark "$@"

if [ "$KIND" = mlxp ]; then
    QUERIES=(
        "train.loss < 0.5"
        "info.status == 'COMPLETE' & config.model.type == 'cnn' & config.optimizer.lr > 0.005"
        "config.model.type in ['cnn', 'vit'] | (info.status == 'FAILED' & ~config.data.batch_size >= 128)"
    )
    ORDERS=("-train.loss" "config.model.hidden_size DESC")
else
    QUERIES=(
        "metrics.loss < 0.5"
        "params.optimizer.lr > 0.005 and config.model.type = 'cnn'"
        "model.type IN ('cnn', 'vit') or (status = 'FAILED' and not metrics.\`val/acc\` > 0.9)"
        "tags.mlflow.runName LIKE 'cnn-%' and config.optimizer.lr <= 1e-3"
        "params.nonexistent IS NULL and attributes.end_time IS NOT NULL"
    )
    ORDERS=("metrics.\`val/acc\` DESC" "params.seed")
fi

# measure LABEL ARGS…: runs `runkit list STORE ARGS…` REPEAT times, prints the median of each timing.
measure() {
    local label="$1"; shift
    local parse=() filter=() order=() err matched=""
    for _ in $(seq "$REPEAT"); do
        err="$(RUNKIT_QUERY_TIMINGS=1 "$BIN" list "$STORE" "$@" --format json --columns run_id 2>&1 >/dev/null | grep 'timing:' || true)"
        parse+=("$(sed -n 's/.*timing: parse: \([0-9.]*\) ms/\1/p' <<<"$err")")
        filter+=("$(sed -n 's/.*timing: filter [0-9]* runs: \([0-9.]*\) ms/\1/p' <<<"$err")")
        order+=("$(sed -n 's/.*timing: order [0-9]* runs: \([0-9.]*\) ms/\1/p' <<<"$err")")
        matched="$(sed -n 's/.*timing: order \([0-9]*\) runs.*/\1/p' <<<"$err")"
    done
    local f="-"; [ -n "${filter[0]}" ] && f="$(median_of "${filter[@]}")"
    printf '%-92s parse %7.3f ms   filter %8s ms   order %8.3f ms   (%s runs kept)\n' \
        "$label" "$(median_of "${parse[@]}")" "$f" "$(median_of "${order[@]}")" "$matched"
}

loaded="$("$BIN" list "$STORE" --format json --columns run_id 2>/dev/null | grep -c '"run_id"' || true)"
echo "runkit query benchmark: $KIND store, $loaded active runs loaded ($RUNS generated), median of $REPEAT, release build"
echo "machine: $(nproc) cores, $(uname -sm)"
for query in "${QUERIES[@]}"; do
    measure "--where \"$query\"" --where "$query"
done
for order in "${ORDERS[@]}"; do
    measure "--order-by \"$order\"" --order-by "$order"
done
measure "--where \"${QUERIES[0]}\" --order-by \"${ORDERS[0]}\" --order-by \"${ORDERS[1]}\"" \
    --where "${QUERIES[0]}" --order-by "${ORDERS[0]}" --order-by "${ORDERS[1]}"
