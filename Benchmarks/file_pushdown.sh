#!/usr/bin/env bash
# Benchmarks/file_pushdown.sh — `list --where` pushed into an MLflow file store, against another
# build (main's) and the floor of reading the files the question needs, alternated, whole process.
#
#   Benchmarks/file_pushdown.sh BASELINE_BINARY BRANCH_BINARY [STORE] [REPEAT]
#
#   STORE   an mlruns folder (default ~/.cache/runkit-bench/n10000/file/mlruns, made by
#           Benchmarks/generate_stores.py)
#   REPEAT  rounds (default 5); each line: NAME CPU_SECONDS ELAPSED_SECONDS PEAK_RSS_MB
set -euo pipefail
MAIN=$1
NEW=$2
S=${3:-$HOME/.cache/runkit-bench/n10000/file/mlruns}
REPEAT=${4:-5}
Q1="metrics.loss < 0.5 and params.seed = '3'"
Q2="metrics.loss >= 0"
Q3="metrics.loss < 0.06"
c() { /usr/bin/time -f "%U %S %e %M" "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.2f %.2f %d", $1+$2, $3, $4/1024}'; }
for _ in $(seq "$REPEAT"); do
  echo "baseline-selective $(c "$MAIN" list "$S" --where "$Q1" --format json)"
  echo "branch-selective $(c "$NEW" list "$S" --where "$Q1" --format json)"
  echo "baseline-metric $(c "$MAIN" list "$S" --where "$Q3" --format json)"
  echo "branch-metric $(c "$NEW" list "$S" --where "$Q3" --format json)"
  echo "baseline-every-run $(c "$MAIN" list "$S" --where "$Q2" --format json)"
  echo "branch-every-run $(c "$NEW" list "$S" --where "$Q2" --format json)"
  echo "branch-every-run-not-pushed $(c env RUNKIT_PUSHDOWN=0 "$NEW" list "$S" --where "$Q2" --format json)"
  echo "floor-seed-files $(c sh -c "find '$S' -mindepth 4 -maxdepth 4 -path '*/params/seed' -print0 | xargs -0 grep -lx 3")"
  echo "floor-loss-files $(c sh -c "find '$S' -mindepth 4 -maxdepth 4 -path '*/metrics/loss' -print0 | xargs -0 cat")"
  echo "load-average $(cut -d' ' -f1 /proc/loadavg)"
done
