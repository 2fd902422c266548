#!/usr/bin/env bash
# Benchmarks/planner.sh — issue 17's target table in one run: each question asked of a synthetic
# MLflow SQLite store by RunKit (the whole `runkit` process), by `sqlite3` (the floor: the same
# question in SQL, plus reading the config files it needs) and by mlflow.search_runs.
#
#   Benchmarks/planner.sh [--runs N] [--repeat R] [--warmup W] [--py-repeat P] [--no-python]
#                         [--no-full-load] [--cache DIR] [--scratch-path DIR] [--no-build]
#                         [--binary PATH]
#
#   --runs N            runs in the SQLite store (default 10000; 1000000 and more are generated
#                       with only the latest metric points, see generate_stores.py)
#   --repeat R          timed runs of each RunKit and sqlite3 command (default 5)
#   --warmup W          untimed runs of each before (default 1; 0 for a million runs, whose
#                       first question warms the cache)
#   --py-repeat P       timed runs of each mlflow call, no warm-up (default 3)
#   --no-full-load      skip the full load (a million runs: ~6 GB of RunKit memory, GBs of JSONL)
#   --no-python         skip mlflow (else the venv of ~/.cache/runkit-test/venv is used when it
#                       imports mlflow and pandas, or Benchmarks/python_venv.sh makes one)
#   --cache DIR         where generated stores live (default ${XDG_CACHE_HOME:-~/.cache}/runkit-bench)
#   --scratch-path DIR  SwiftPM scratch path for the release build (default: SwiftPM's .build)
#   --no-build          use the already built release binary
#   --binary PATH       time this runkit binary (no build)
#
# Every command runs under /usr/bin/time -v (peak RSS), timed around it with date +%s%N, warm page
# cache, stdout to a scratch file (its lines are the rows column). Not a test: nothing here runs
# under `swift test`.
set -euo pipefail

RUNS=10000
REPEAT=5
WARMUP=1
FULL_LOAD=1
PY_REPEAT=3
PYTHON=1
BINARY=""
KIND=sqlite
SCRIPT=planner.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/common.sh"

usage() { sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; }
take_own_option() {
    case "$1" in
        --binary) BINARY="$2"; TAKEN=2 ;;
        --warmup) WARMUP="$2"; TAKEN=2 ;;
        --no-full-load) FULL_LOAD=0; TAKEN=1 ;;
        *) take_python_option "$@" ;;
    esac
}
parse_options "$@"
case "$WARMUP" in ''|*[!0-9]*) echo "planner.sh: --warmup must be a whole number" >&2; exit 64 ;; esac
require_gnu_time
command -v sqlite3 >/dev/null || { say "planner.sh: needs the sqlite3 shell (the floor)"; exit 1; }
if [ -n "$BINARY" ]; then
    BIN="$BINARY"; [ -x "$BIN" ] || { say "planner.sh: no runkit binary at $BIN"; exit 1; }
else
    build_release
fi
[ "$RUNS" -ge 1000000 ] && GEN_HISTORY=last   # 100M history rows would be ~27 GB; nothing here reads them
ensure_store sqlite
STORE="$STORES/sqlite"
DB="$STORE/mlflow.db"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/runkit-planner.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

python_peers_venv mlflow pandas

# ---- the questions ---------------------------------------------------------------------------
# The issue's "metrics.m0 < 0.5 and params.p1 = '3'" on this generator's keys: grad_norm is
# uniform on [0.5, 2.5] (half the runs), seed is one of 10 (a tenth): ~5% of the runs, as the issue's.
B="$(q "$BIN") "
S="$(q "$STORE")"
SQL="sqlite3 -readonly $(q "$DB")"
ACTIVE="r.lifecycle_stage = 'active'"
W1="metrics.grad_norm < 1.5 and params.seed = '3'"
J1="SELECT r.run_uuid, m.value, p.value FROM runs r
 JOIN latest_metrics m ON m.run_uuid = r.run_uuid AND m.key = 'grad_norm'
 JOIN params p ON p.run_uuid = r.run_uuid AND p.key = 'seed'
 WHERE $ACTIVE AND m.is_nan = 0 AND m.value < 1.5 AND p.value = '3'"
W2="metrics.grad_norm < 1.5 and params.model.type = 'cnn' and tags.stage = 'prod' and attributes.status = 'FINISHED'"
J2="SELECT r.run_uuid, m.value, p.value, t.value, r.status FROM runs r
 JOIN latest_metrics m ON m.run_uuid = r.run_uuid AND m.key = 'grad_norm'
 JOIN params p ON p.run_uuid = r.run_uuid AND p.key = 'model.type'
 JOIN tags t ON t.run_uuid = r.run_uuid AND t.key = 'stage'
 WHERE $ACTIVE AND m.is_nan = 0 AND m.value < 1.5 AND p.value = 'cnn' AND t.value = 'prod' AND r.status = 'FINISHED'"
W3="params.seed = '3' and config.data.name = 'mnist'"
W4="config.model.type = 'cnn'"
CONFIG="artifact_uri || '/.hydra/config.yaml'"
# whole runs of the runs in temp table hit: their runs, params, latest_metrics and tags rows to
# stdout, their config paths to $WORK/paths, then the configs read (cat, one process at a time)
whole_runs() {
    local tables=""
    for table in runs params latest_metrics tags; do tables+="SELECT * FROM $table JOIN hit USING (run_uuid); "; done
    echo "$SQL $(q ".output $WORK/paths") $(q "CREATE TEMP TABLE hit AS SELECT run_uuid FROM ($1)")" \
        "$(q "SELECT $CONFIG FROM runs JOIN hit USING (run_uuid)") $(q ".output stdout") $(q "$tables")" \
        "&& xargs -a $WORK/paths cat > /dev/null"
}
# configs of the runs SQL selects (SELECT ... FROM runs r ...), read with cat
configs_of() { echo "$SQL $(q "SELECT $CONFIG FROM runs r $1") | xargs cat > /dev/null"; }
GROUP_SQL="SELECT p.value, avg(m.value),
 sqrt((sum(m.value * m.value) - sum(m.value) * sum(m.value) / count(*)) / (count(*) - 1)), count(*) FROM runs r
 JOIN params p ON p.run_uuid = r.run_uuid AND p.key = 'seed'
 JOIN latest_metrics m ON m.run_uuid = r.run_uuid AND m.key = 'grad_norm'
 WHERE $ACTIVE GROUP BY p.value"
# the issue's full-load floor: the 4-table dump, and every config read (paths from runs, not a find)
DUMP="$SQL $(q ".output $WORK/paths") $(q "SELECT $CONFIG FROM runs") $(q ".output stdout") \
'SELECT * FROM runs; SELECT * FROM latest_metrics; SELECT * FROM params; SELECT * FROM tags;' \
&& xargs -a $WORK/paths cat > /dev/null"
# the SQL on one line (the commands are stored one per line and printed as run)
J1="${J1//$'\n'/}"; J2="${J2//$'\n'/}"; GROUP_SQL="${GROUP_SQL//$'\n'/}"
PEER=""; [ "$PYTHON" = 1 ] && PEER="$(q "$PY") $(q "$HERE/python_peers.py")"
URI="$(q "sqlite:///$DB")"

# Each question: label, target (× the floor), RunKit, floor, mlflow ("" when it cannot ask it).
QS=()
question() { QS+=("$1$SEP$2$SEP$3$SEP$4$SEP$5"); }
SEP=$'\x1f'
question "filter metrics+params, 3 columns: $W1" 1.5 \
    "${B}list $S --where $(q "$W1") --columns run_id,metrics.grad_norm,params.seed --format jsonl" \
    "$SQL $(q "$J1")" "mlflow-filter $URI $(q "$W1")"
question "the same filter, whole runs -> JSONL" 1.5 \
    "${B}list $S --where $(q "$W1") --format jsonl" \
    "$(whole_runs "$J1")" "mlflow-filter $URI $(q "$W1")"
question "filter on 4 namespaces, 5 columns: $W2" 1.5 \
    "${B}list $S --where $(q "$W2") --columns run_id,metrics.grad_norm,params.model.type,tags.stage,status --format jsonl" \
    "$SQL $(q "$J2")" "mlflow-filter $URI $(q "$W2")"
question "config filter with a pushable part, 3 columns: $W3" 2 \
    "${B}list $S --where $(q "$W3") --columns run_id,params.seed,config.data.name --format jsonl" \
    "$(configs_of "JOIN params p ON p.run_uuid = r.run_uuid AND p.key = 'seed' WHERE $ACTIVE AND p.value = '3'")" ""
question "config-only filter, 2 columns: $W4" 2 \
    "${B}list $S --where $(q "$W4") --columns run_id,config.model.type --format jsonl" \
    "$(configs_of "WHERE $ACTIVE")" ""
question "group by params.seed: mean/std/count of metrics.grad_norm" 1.5 \
    "${B}group $S --by params.seed --agg 'mean(metrics.grad_norm)' --agg 'std(metrics.grad_norm)' --agg 'count()' --format jsonl" \
    "$SQL $(q "$GROUP_SQL")" "mlflow-group $URI seed grad_norm"
[ "$FULL_LOAD" = 1 ] && question "full load -> JSONL" 1.5 "${B}list $S --format jsonl" "$DUMP" "mlflow $URI"

# ---- measuring --------------------------------------------------------------------------------
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
RESULTS=()
for entry in "${QS[@]}"; do
    IFS="$SEP" read -r label target runkit floor peer <<<"$entry"
    say "== $label"
    r_s=FAIL r_rss=- r_rows=- f_s=FAIL f_rss=- f_rows=- p_s=- p_rows=-
    if timed "$REPEAT" "$WARMUP" "$runkit"; then r_s="$T_MED"; r_rss="$RSS_MB"; r_rows="$(wc -l <"$WORK/out")"; fi
    say "   runkit  $r_s s, $r_rss, $r_rows lines"
    if timed "$REPEAT" "$WARMUP" "$floor"; then f_s="$T_MED"; f_rss="$RSS_MB"; f_rows="$(wc -l <"$WORK/out")"; fi
    say "   sqlite3 $f_s s, $f_rss, $f_rows lines"
    if [ -n "$peer" ] && [ "$PYTHON" = 1 ]; then
        if timed "$PY_REPEAT" 0 "$PEER $peer"; then
            p_s="$T_MED"; p_rows="$(sed -n 's/.*"rows": \([0-9]*\).*/\1/p' <<<"$LAST_OUT")"
        else
            p_s=FAIL
        fi
        say "   mlflow  $p_s s, $p_rows rows"
    fi
    RESULTS+=("$label$SEP$target$SEP$r_s$SEP$r_rss$SEP$f_s$SEP$f_rss$SEP$p_s$SEP$r_rows/$f_rows/$p_rows")
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---- report -----------------------------------------------------------------------------------
echo
echo "runkit planner benchmark: $RUNS-run SQLite store $STORE ($(sed -n 's/.*"metric_history": "\([a-z]*\)".*/metric history: \1, /p' "$STORES/sqlite.json")$(du -sh "$DB" | cut -f1) mlflow.db)"
echo "binary: $BIN ($("$BIN" --version 2>/dev/null || echo '?')), $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo) RAM, $(uname -sr); load average (1, 5, 15 min): $LOAD_BEFORE before, $LOAD_AFTER after"
echo "timing: whole processes under /usr/bin/time -v, warm cache; RunKit and sqlite3: $WARMUP warm-up + median of $REPEAT; mlflow: median of $PY_REPEAT"
echo "python: $PY_NOTE; $(sqlite3 --version | cut -d' ' -f1-2 | sed 's/^/sqlite3 /')"
echo
echo "| question | RunKit s | RunKit peak RSS | floor (sqlite3) s | floor peak RSS | RunKit ÷ floor | target | mlflow s | mlflow ÷ RunKit | rows RunKit/floor/mlflow |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for row in "${RESULTS[@]}"; do
    IFS="$SEP" read -r label target r_s r_rss f_s f_rss p_s rows <<<"$row"
    echo "| $label | $r_s | $r_rss | $f_s | $f_rss | $(ratio "$r_s" "$f_s" 2) | ≤ ${target}x | $p_s | $(ratio "$p_s" "$r_s" 1) | $rows |"
done
echo
echo "Commands (RunKit; floor; mlflow via $HERE/python_peers.py):"
for entry in "${QS[@]}"; do
    IFS="$SEP" read -r label target runkit floor peer <<<"$entry"
    echo "  [$label]"
    echo "      $runkit"
    echo "      $floor"
    [ -n "$peer" ] && echo "      python_peers.py $peer"
done
