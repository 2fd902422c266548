#!/usr/bin/env bash
# Benchmarks/reductions-ab.sh — issue 21: history reductions at 10,000 runs, an old and a new
# runkit binary alternated (OLD, NEW), R rounds (default 3); prints case|binary|seconds|peak MB,
# and a sqlite3 GROUP BY peer. Stores: Benchmarks/generate_stores.py (STORES, default
# ~/.cache/runkit-bench/n10000). Read-only. Not a test: nothing here runs under `swift test`.
STORES=${STORES:-~/.cache/runkit-bench/n10000}
S=$STORES/sqlite/mlflow.db
F=$STORES/file
NEW=${NEW:?set NEW to the new runkit binary}
OLD=${OLD:?set OLD to the old runkit binary}
R=${R:-3}
TIMES="$(mktemp)"; trap 'rm -f "$TIMES"' EXIT
CASES=(
 "sqlite floor latest|list $S --where 'metrics.loss < 0.5' --columns run_id --format csv"
 "sqlite where min<0.5|list $S --where 'min(history.loss) < 0.5' --columns run_id --format csv"
 "sqlite where max>1.97 (5%)|list $S --where 'max(history.loss) > 1.97' --columns run_id --format csv"
 "sqlite columns 4 reductions|list $S --columns 'run_id,min(history.loss),argmin(history.loss),last(history.loss, 3),count(history.loss)' --format csv"
 "sqlite group mean(min) by-all-except seed|group $S --by-all-except config.seed --agg 'mean(min(history.loss))' --agg 'ci95(min(history.loss))' --agg 'n()' --format csv"
 "file floor latest|list $F --where 'metrics.loss < 0.5' --columns run_id --format csv"
 "file where min<0.5|list $F --where 'min(history.loss) < 0.5' --columns run_id --format csv"
)
echo "start $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
for row in "${CASES[@]}"; do
  label="${row%%|*}"; args="${row#*|}"
  for i in $(seq $R); do
    for which in old new; do
      bin=$OLD; [ $which = new ] && bin=$NEW
      /usr/bin/time -f "%e %M" -o "$TIMES" bash -c "$bin $args > /dev/null 2>&1"
      read e m < "$TIMES"
      echo "$label|$which|$e|$((m/1024))"
    done
  done
done
for i in $(seq $R); do
  /usr/bin/time -f "%e %M" -o "$TIMES" sqlite3 "file:$S?immutable=1" "select count(*) from (select run_uuid, min(value) m from metrics where key='loss' group by run_uuid having m < 0.5)" > /dev/null
  read e m < "$TIMES"; echo "sql peer GROUP BY min<0.5|sqlite3|$e|$((m/1024))"
done
echo "end $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
