#!/usr/bin/env bash
# Benchmarks/ab_query.sh — query.sh's and group.sh's cases timed inside `runkit` (RUNKIT_QUERY_TIMINGS=1:
# filter, order and group milliseconds, the load left out) for an old and a new binary, alternated
# run by run on the 100,000-run SQLite store, with pushdown and projection off (RUNKIT_PUSHDOWN=0)
# so that both filter the same whole load. Prints the median of each timing per binary.
#
#   Benchmarks/ab_query.sh OLD_BINARY NEW_BINARY [REPEAT]     (default REPEAT 7)
#
# The store is Benchmarks/generate_stores.py's (`run.sh --runs 100000` makes it). Not a test.
set -euo pipefail
OLD=$1; NEW=$2; R=${3:-7}
S=${XDG_CACHE_HOME:-$HOME/.cache}/runkit-bench/n100000/sqlite/mlflow.db
[ -f "$S" ] || { echo "no store at $S: run Benchmarks/run.sh --runs 100000 first" >&2; exit 1; }
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"   # median_of
run() { # BINARY ARGS… -> "filter order group" ms (0 when the command has none)
  local err f o g
  err=$(RUNKIT_QUERY_TIMINGS=1 RUNKIT_PUSHDOWN=0 "$@" 2>&1 >/dev/null)
  f=$(sed -n 's/.*timing: filter [0-9]* runs: \([0-9.]*\) ms/\1/p' <<<"$err")
  o=$(sed -n 's/.*timing: order [0-9]* runs: \([0-9.]*\) ms/\1/p' <<<"$err")
  g=$(sed -n 's/.*timing: group [0-9]* runs: \([0-9.]*\) ms/\1/p' <<<"$err")
  echo "${f:-0} ${o:-0} ${g:-0}"
}
case_() {
  local label="$1"; shift
  local of=() oo=() og=() nf=() no=() ng=() a b c
  for _ in $(seq "$R"); do
    read -r a b c < <(run "$OLD" "$@"); of+=("$a"); oo+=("$b"); og+=("$c")
    read -r a b c < <(run "$NEW" "$@"); nf+=("$a"); no+=("$b"); ng+=("$c")
  done
  printf '%-62s old f %7s o %7s g %7s | new f %7s o %7s g %7s\n' "$label" \
    "$(median_of "${of[@]}")" "$(median_of "${oo[@]}")" "$(median_of "${og[@]}")" "$(median_of "${nf[@]}")" "$(median_of "${no[@]}")" "$(median_of "${ng[@]}")"
}
case_ 'where metrics.loss < 0.5' list "$S" --where "metrics.loss < 0.5" --limit 1
case_ 'where params.optimizer.lr > 0.005 and config.model.type = cnn' list "$S" --where "params.optimizer.lr > 0.005 and config.model.type = 'cnn'" --limit 1
case_ 'where model.type IN (...) or (...)' list "$S" --where "model.type IN ('cnn', 'vit') or (status = 'FAILED' and not metrics.\`val/acc\` > 0.9)" --limit 1
case_ 'where tags.mlflow.runName LIKE ... and config...' list "$S" --where "tags.mlflow.runName LIKE 'cnn-%' and config.optimizer.lr <= 1e-3" --limit 1
case_ 'where params.nonexistent IS NULL and ...' list "$S" --where "params.nonexistent IS NULL and attributes.end_time IS NOT NULL" --limit 1
case_ 'order-by val/acc DESC' list "$S" --order-by 'metrics.`val/acc` DESC' --limit 1
case_ 'order-by params.seed' list "$S" --order-by params.seed --limit 1
case_ 'where + two-key order' list "$S" --where "metrics.loss < 0.5" --order-by 'metrics.`val/acc` DESC' --order-by params.seed --limit 1
case_ 'group by config model.type,lr: 6 aggregations' group "$S" --by config.model.type,config.optimizer.lr --agg 'count()' --agg 'mean(metrics.loss)' --agg 'std(metrics.loss)' --agg 'sem(metrics.loss)' --agg 'min(metrics.loss)' --agg 'max(metrics.loss)' --format jsonl
case_ 'group by 3 config keys: median, quantile' group "$S" --by config.model.type,config.optimizer.lr,config.seed --agg 'median(metrics.loss)' --agg 'quantile(metrics.loss, 0.9)' --format jsonl
case_ 'group by params.seed: mean val/acc, nunique' group "$S" --by params.seed --agg 'mean(metrics.`val/acc`)' --agg 'nunique(config.model.type)' --format jsonl
